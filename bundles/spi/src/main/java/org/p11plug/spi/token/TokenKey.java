package org.p11plug.spi.token;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A private key the token keeps and uses itself (a key on a smart card), implemented by the
 * {@link TokenObject} of that key. The engine does everything around the private primitive in
 * software (hashing, PKCS #1 v1.5 and PSS encoding, OAEP and PKCS #1 unpadding, the public-key
 * operations) and asks the token only for the primitive, so every mechanism built on it works
 * with the fewest card commands. The object still carries the public attributes
 * ({@code CKA_MODULUS}, {@code CKA_PUBLIC_EXPONENT}, {@code CKA_EC_PARAMS}). Failures are
 * {@link org.p11plug.api.CkException}s ({@code CKR_USER_NOT_LOGGED_IN}, {@code CKR_DEVICE_REMOVED},
 * {@code CKR_KEY_FUNCTION_NOT_PERMITTED} for a primitive the key may not perform, ...).
 */
@ConsumerType
public interface TokenKey {
    /** The RSA private-key primitive (RSADP, RSASP1): k bytes in, smaller than the modulus; k bytes out. */
    byte[] rsaPrivate(byte[] block);

    /**
     * ECDSA over a digest already cut or zero-extended to the order's length: r || s, each the
     * order's length.
     */
    byte[] ecdsaSign(byte[] digest);

    /** ECDH: the x coordinate of the shared point with the other party's uncompressed point {@code 04 X Y}. */
    byte[] ecdhAgree(byte[] otherPoint);
}
