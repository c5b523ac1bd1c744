package org.p11plug.api;

/**
 * {@code CK_MECHANISM_INFO}: key size range in the unit the mechanism's specification uses
 * (bytes for AES and generic secrets, bits for RSA and EC) and {@code CKF_} flags.
 */
public record MechanismInfo(long minKeySize, long maxKeySize, long flags) {
    public boolean hasFlag(long flag) {
        return (flags & flag) == flag;
    }
}
