package org.p11plug.card.soft.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.p11plug.spi.store.KeyEncryptionKey;
import org.p11plug.spi.store.SecretFunction;

/**
 * A key held outside the Java heap, in a direct buffer the garbage collector never copies, and
 * lent as a heap array for one call at a time (erased when the call returns). {@link #destroy()}
 * overwrites it. Serves as the token key and as the wrapped store's key-encryption key.
 */
final class DirectSecret implements KeyEncryptionKey {
    private final ByteBuffer buffer;
    private volatile boolean destroyed;

    /** Copies the bytes into native memory; the caller erases its array. */
    DirectSecret(byte[] key) {
        buffer = ByteBuffer.allocateDirect(key.length);
        buffer.put(0, key);
    }

    int length() {
        return buffer.capacity();
    }

    @Override
    public synchronized <R> R withKey(SecretFunction<R> use) {
        if (destroyed) {
            throw new IllegalStateException("key destroyed");
        }
        byte[] copy = new byte[buffer.capacity()];
        buffer.get(0, copy);
        try {
            return use.apply(copy);
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public synchronized void destroy() {
        if (!destroyed) {
            destroyed = true;
            for (int i = 0; i < buffer.capacity(); i++) {
                buffer.put(i, (byte) 0);
            }
        }
    }
}
