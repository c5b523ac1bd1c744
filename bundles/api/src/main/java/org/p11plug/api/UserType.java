package org.p11plug.api;

import org.p11plug.api.ck.CKU;

/** {@code CK_USER_TYPE}: the security officer, the normal user, or re-authentication for one operation. */
public enum UserType {
    SO(CKU.SO),
    USER(CKU.USER),
    CONTEXT_SPECIFIC(CKU.CONTEXT_SPECIFIC);

    private final long value;

    UserType(long value) {
        this.value = value;
    }

    public long value() {
        return value;
    }
}
