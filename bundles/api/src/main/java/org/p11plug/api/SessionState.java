package org.p11plug.api;

import org.p11plug.api.ck.CKS;

/** The five session states of the PKCS#11 Usage Guide (section 2.6), with their {@code CKS_} values. */
public enum SessionState {
    RO_PUBLIC(CKS.RO_PUBLIC_SESSION, false),
    RO_USER(CKS.RO_USER_FUNCTIONS, false),
    RW_PUBLIC(CKS.RW_PUBLIC_SESSION, true),
    RW_USER(CKS.RW_USER_FUNCTIONS, true),
    RW_SO(CKS.RW_SO_FUNCTIONS, true);

    private final long value;
    private final boolean readWrite;

    SessionState(long value, boolean readWrite) {
        this.value = value;
        this.readWrite = readWrite;
    }

    public long value() {
        return value;
    }

    public boolean readWrite() {
        return readWrite;
    }

    public static SessionState of(long cks) {
        for (SessionState s : values()) {
            if (s.value == cks) {
                return s;
            }
        }
        throw new IllegalArgumentException("not a CKS_ value: " + cks);
    }
}
