package org.p11plug.engine.internal.session;

import java.util.EnumMap;
import org.jspecify.annotations.Nullable;

/**
 * The cryptographic operations active in one session, at most one of each kind (PKCS#11 lets a
 * session run one operation at a time, dual-function pairs aside). Guarded by the session lock.
 */
final class Operations {
    /** The operation families a session can have active. */
    enum Kind {
        ENCRYPT, DECRYPT, DIGEST, SIGN, VERIFY
    }

    /** An active operation; closing it erases whatever key material it holds. */
    interface Active extends AutoCloseable {
        @Override
        void close();
    }

    private final EnumMap<Kind, Active> active = new EnumMap<>(Kind.class);

    @Nullable Active get(Kind kind) {
        return active.get(kind);
    }

    boolean isActive(Kind kind) {
        return active.containsKey(kind);
    }

    void start(Kind kind, Active operation) {
        active.put(kind, operation);
    }

    void end(Kind kind) {
        Active op = active.remove(kind);
        if (op != null) {
            op.close();
        }
    }

    void clear() {
        for (Active op : active.values()) {
            op.close();
        }
        active.clear();
    }
}
