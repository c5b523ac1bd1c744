package org.p11plug.card.pcsc.internal;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import org.p11plug.spi.crypto.SoftwareCrypto;
import org.p11plug.spi.store.KeyEncryptionKey;
import org.p11plug.spi.store.SecretFunction;

/**
 * The wrapped store's key-encryption key for a card token: 32 random bytes born when the card is
 * seen, in a direct buffer outside the Java heap, lent for one call at a time, overwritten when
 * the card leaves its reader (which makes every value wrapped under it unreadable at once).
 */
final class CardKek implements KeyEncryptionKey {
    private static final SecureRandom RANDOM = SoftwareCrypto.random();
    private final ByteBuffer key = ByteBuffer.allocateDirect(32);
    private boolean destroyed;

    CardKek() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        key.put(0, k);
        Arrays.fill(k, (byte) 0);
    }

    @Override
    public synchronized <R> R withKey(SecretFunction<R> use) {
        if (destroyed) {
            throw new IllegalStateException("the card's key-encryption key is gone with the card");
        }
        byte[] copy = new byte[32];
        key.get(0, copy);
        try {
            return use.apply(copy);
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    @Override
    public synchronized boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public synchronized void destroy() {
        for (int i = 0; i < 32; i++) {
            key.put(i, (byte) 0);
        }
        destroyed = true;
    }
}
