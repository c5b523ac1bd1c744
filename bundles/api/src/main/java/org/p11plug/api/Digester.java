package org.p11plug.api;

import org.osgi.annotation.versioning.ProviderType;

/** A multi-part digest ({@code C_DigestUpdate}, {@code C_DigestKey}, {@code C_DigestFinal}). */
@ProviderType
public interface Digester extends AutoCloseable {
    Digester update(byte[] part);

    /** Digests a secret key's value without revealing it ({@code C_DigestKey}). */
    Digester updateKey(ObjectHandle key);

    byte[] digest();

    @Override
    void close();
}
