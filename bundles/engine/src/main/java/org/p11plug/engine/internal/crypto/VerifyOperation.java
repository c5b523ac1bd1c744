package org.p11plug.engine.internal.crypto;

/**
 * A verification in progress; a bad signature is {@code CKR_SIGNATURE_INVALID}, a signature of
 * the wrong length {@code CKR_SIGNATURE_LEN_RANGE}.
 */
public interface VerifyOperation extends AutoCloseable {
    void verify(byte[] data, byte[] signature);

    void update(byte[] part);

    void verifyFinal(byte[] signature);

    @Override
    void close();
}
