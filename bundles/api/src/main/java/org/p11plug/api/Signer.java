package org.p11plug.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A multi-part signature or MAC ({@code C_SignUpdate}, {@code C_SignFinal}). Closing it before
 * {@link #sign()} abandons the operation.
 */
@ProviderType
public interface Signer extends AutoCloseable {
    Signer update(byte[] part);

    byte[] sign();

    @Override
    void close();
}
