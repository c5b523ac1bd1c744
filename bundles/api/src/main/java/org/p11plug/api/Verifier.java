package org.p11plug.api;

import org.osgi.annotation.versioning.ProviderType;

/** A multi-part verification ({@code C_VerifyUpdate}, {@code C_VerifyFinal}). */
@ProviderType
public interface Verifier extends AutoCloseable {
    Verifier update(byte[] part);

    /** @return whether the signature is valid ({@code CKR_SIGNATURE_INVALID} is {@code false}) */
    boolean verify(byte[] signature);

    @Override
    void close();
}
