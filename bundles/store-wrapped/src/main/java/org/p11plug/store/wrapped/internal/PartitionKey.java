package org.p11plug.store.wrapped.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.p11plug.spi.crypto.SoftwareCrypto;
import org.p11plug.spi.store.KeyEncryptionKey;
import org.p11plug.spi.store.SecretFunction;

/**
 * One application's wrapping key on one token: HKDF-SHA256 of the token's key-encryption key
 * with a random salt drawn when the partition opens, so no two applications (and no two
 * partitions of one application, before and after a store swap) share a key. Held in a direct
 * buffer, outside the Java heap, and lent for one call at a time. It dies with its partition
 * (C_Finalize, application release, store swap) and with the token's KEK (token removal):
 * either way every value wrapped under it is unreadable from then on.
 */
final class PartitionKey {
    static final int LENGTH = 32;
    private static final byte[] INFO = "p11plug wrapped session-object store v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = SoftwareCrypto.random();

    private final KeyEncryptionKey kek;
    private final ByteBuffer key = ByteBuffer.allocateDirect(LENGTH);
    private boolean erased;

    PartitionKey(KeyEncryptionKey kek) {
        this.kek = kek;
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        byte[] derived = new byte[LENGTH];
        try {
            kek.withKey(k -> {
                HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
                hkdf.init(new HKDFParameters(k, salt, INFO));
                hkdf.generateBytes(derived, 0, LENGTH);
                return null;
            });
            key.put(0, derived);
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }

    /**
     * Lends the key for one call.
     *
     * @throws IllegalStateException once erased, or once the token's KEK is gone (which erases it)
     */
    synchronized <R> R withKey(SecretFunction<R> use) {
        if (!erased && kek.isDestroyed()) {
            erase();
        }
        if (erased) {
            throw new IllegalStateException("the wrapping key is gone: its token or application went away");
        }
        byte[] copy = new byte[LENGTH];
        key.get(0, copy);
        try {
            return use.apply(copy);
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    synchronized void erase() {
        for (int i = 0; i < LENGTH; i++) {
            key.put(i, (byte) 0);
        }
        erased = true;
    }
}
