package org.p11plug.api.param;

import org.jspecify.annotations.Nullable;

/**
 * {@code CK_GCM_PARAMS}: the IV, its length in bits ({@code ulIvBits}, as PKCS#11 3.0 defines
 * it), the additional authenticated data (null or empty for none) and the tag length in bits.
 */
public record GcmParameter(byte[] iv, long ivBits, byte @Nullable [] aad, long tagBits) implements MechanismParameter {
    /** IV and tag length, no AAD, IV bits taken from the IV length. */
    public static GcmParameter of(byte[] iv, int tagBits) {
        return new GcmParameter(iv, 8L * iv.length, null, tagBits);
    }
}
