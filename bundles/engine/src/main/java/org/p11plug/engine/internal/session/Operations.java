package org.p11plug.engine.internal.session;

import java.util.Arrays;
import java.util.EnumMap;
import org.jspecify.annotations.Nullable;
import org.p11plug.engine.internal.crypto.DataOperation;
import org.p11plug.engine.internal.crypto.MechanismDef;
import org.p11plug.engine.internal.crypto.VerifyOperation;

/**
 * The cryptographic operations active in one session, at most one of each kind (a session runs
 * one operation of a kind at a time). Guarded by the session lock.
 */
final class Operations {
    /** The operation families a session can have active. */
    enum Kind {
        ENCRYPT, DECRYPT, DIGEST, SIGN, VERIFY
    }

    /** Which call of an operation produced a pending output. */
    enum Step {
        SINGLE, UPDATE, FINAL
    }

    /**
     * One active operation: the mechanism's work, whether it has gone multi-part, whether its
     * key demands a fresh login (CKA_ALWAYS_AUTHENTICATE) and got it, and an output computed for
     * a caller whose buffer was too small (kept, with its input, for the call that retries).
     */
    static final class Active implements AutoCloseable {
        final MechanismDef mechanism;
        final @Nullable DataOperation data;
        final @Nullable VerifyOperation verify;
        final boolean needsContextLogin;
        boolean contextLoggedIn;
        boolean multipart;
        private @Nullable Step pendingStep;
        private byte @Nullable [] pendingInput;
        private byte @Nullable [] pendingOutput;

        Active(MechanismDef mechanism, @Nullable DataOperation data, @Nullable VerifyOperation verify,
                boolean needsContextLogin) {
            this.mechanism = mechanism;
            this.data = data;
            this.verify = verify;
            this.needsContextLogin = needsContextLogin;
        }

        /** The output kept for exactly this retry, handed over (or null). */
        byte @Nullable [] takePending(Step step, byte[] input) {
            if (pendingStep != step || !Arrays.equals(pendingInput, input)) {
                dropPending();
                return null;
            }
            byte[] out = pendingOutput;
            pendingOutput = null;
            pendingStep = null;
            pendingInput = null;
            return out;
        }

        void keepPending(Step step, byte[] input, byte[] output) {
            pendingStep = step;
            pendingInput = input.clone();
            pendingOutput = output;
        }

        private void dropPending() {
            if (pendingOutput != null) {
                Arrays.fill(pendingOutput, (byte) 0);
            }
            if (pendingInput != null) {
                Arrays.fill(pendingInput, (byte) 0);
            }
            pendingOutput = null;
            pendingInput = null;
            pendingStep = null;
        }

        @Override
        public void close() {
            dropPending();
            if (data != null) {
                data.close();
            }
            if (verify != null) {
                verify.close();
            }
        }
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
