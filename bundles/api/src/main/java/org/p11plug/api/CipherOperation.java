package org.p11plug.api;

import org.osgi.annotation.versioning.ProviderType;

/** A multi-part encryption or decryption ({@code C_EncryptUpdate}/{@code C_EncryptFinal} or the decrypt pair). */
@ProviderType
public interface CipherOperation extends AutoCloseable {
    /** @return the output this part released (possibly empty) */
    byte[] update(byte[] part);

    /** @return the remaining output; the operation ends */
    byte[] finish();

    @Override
    void close();
}
