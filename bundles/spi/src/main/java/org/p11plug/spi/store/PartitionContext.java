package org.p11plug.spi.store;

import org.osgi.annotation.versioning.ProviderType;

/** What the engine tells a store about a partition it opens. */
@ProviderType
public interface PartitionContext {
    /** Diagnostic name of the owner (application and slot), never secret. */
    String owner();

    /**
     * The key-encryption key of the token, from its backend. It exists from the moment the
     * token does and is erased when the token goes away; stores that encrypt values derive
     * their keys from it.
     */
    KeyEncryptionKey keyEncryptionKey();
}
