package org.p11plug.spi.store;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A token's key-encryption key: 32 bytes for AES-256, held by the backend outside the Java heap
 * and lent for one call at a time. After {@link #destroy()} (token removed, backend stopped) it
 * can no longer be used, which makes every value wrapped under it unreadable at once.
 */
@ConsumerType
public interface KeyEncryptionKey {
    /**
     * Lends the key bytes for one call.
     *
     * @throws IllegalStateException once destroyed
     */
    <R> R withKey(SecretFunction<R> use);

    boolean isDestroyed();

    /** Overwrites the key; idempotent. */
    void destroy();
}
