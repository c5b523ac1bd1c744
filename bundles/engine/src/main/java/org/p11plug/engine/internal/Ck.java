package org.p11plug.engine.internal;

import org.p11plug.api.CkException;

/** Short hand for the engine's failures: every one carries the {@code CK_RV} the specification names. */
public final class Ck {
    private Ck() {
    }

    public static CkException fail(long rv) {
        return new CkException(rv);
    }

    public static CkException fail(long rv, String detail) {
        return new CkException(rv, detail);
    }
}
