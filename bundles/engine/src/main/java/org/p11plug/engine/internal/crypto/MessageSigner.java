package org.p11plug.engine.internal.crypto;

/**
 * A signature or MAC primitive that takes its message in parts: the common shape of hashed
 * signatures, MACs, and the schemes that must see the whole message (raw RSA, ECDSA without
 * hashing, EdDSA). {@link #sign()} and {@link #verify} end it.
 */
interface MessageSigner {
    void update(byte[] part);

    byte[] sign();

    /**
     * @throws org.p11plug.api.CkException CKR_SIGNATURE_LEN_RANGE for a signature of impossible
     *     length, CKR_SIGNATURE_INVALID for a wrong one
     */
    void verify(byte[] signature);

    /** The signature's length, known before signing. */
    int signatureLength();

    /** Erases what the primitive holds, as far as this code can reach. */
    void destroy();
}
