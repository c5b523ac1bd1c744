package org.p11plug.engine.internal.crypto;

import org.p11plug.api.ck.CKA;

/** What a key is used for in an operation, with the attribute that must permit it. */
public enum KeyUse {
    ENCRYPT(CKA.ENCRYPT),
    DECRYPT(CKA.DECRYPT),
    SIGN(CKA.SIGN),
    VERIFY(CKA.VERIFY),
    WRAP(CKA.WRAP),
    UNWRAP(CKA.UNWRAP),
    DERIVE(CKA.DERIVE);

    private final long permission;

    KeyUse(long permission) {
        this.permission = permission;
    }

    /** The boolean attribute that must be true on the key ({@code CKR_KEY_FUNCTION_NOT_PERMITTED} otherwise). */
    public long permission() {
        return permission;
    }
}
