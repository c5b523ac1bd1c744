package org.p11plug.store.wrapped.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.p11plug.spi.crypto.SoftwareCrypto;

/**
 * AES-256-GCM over one value, with the object's identity and the attribute type as associated
 * data, so a blob opens only as the value it was made for: moved to another object or another
 * attribute, it fails authentication. A blob is nonce (12) || ciphertext || tag (16). Nonces are
 * a random prefix and a counter, unique under the partition's key, which is itself fresh.
 *
 * <p>Bouncy Castle's lightweight AES and GCM, made afresh for each call: nothing keyed outlives
 * the call (no cached cipher holds the partition key's schedule between operations), the key
 * parameter's array is overwritten when the call returns, and the basic GHASH multiplier needs
 * no per-key tables, which keeps a call to about a microsecond for a key-sized value. The
 * expanded key schedule the AES engine made is left to the garbage collector: the one copy of
 * a wrapping key this store cannot overwrite (README, "What cannot be erased").
 */
final class Wrapping {
    static final int NONCE = 12;
    static final int TAG = 16;
    static final int OVERHEAD = NONCE + TAG;

    private final PartitionKey key;
    private final long noncePrefix;
    private final AtomicLong counter = new AtomicLong();

    Wrapping(PartitionKey key) {
        this.key = key;
        this.noncePrefix = SoftwareCrypto.random().nextInt();
    }

    /**
     * Encrypts {@code plaintext} (left to the caller to erase) for one object's attribute into
     * {@code out} at {@code at}: {@link #OVERHEAD} more bytes than the plaintext.
     */
    void seal(long objectId, long type, byte[] plaintext, byte[] out, int at) {
        byte[] nonce = ByteBuffer.allocate(NONCE).putInt((int) noncePrefix).putLong(counter.incrementAndGet()).array();
        System.arraycopy(nonce, 0, out, at, NONCE);
        run(true, objectId, type, nonce, plaintext, 0, plaintext.length, out, at + NONCE);
    }

    /** {@link #seal(long, long, byte[], byte[], int)} into a blob of its own. */
    byte[] seal(long objectId, long type, byte[] plaintext) {
        byte[] blob = new byte[plaintext.length + OVERHEAD];
        seal(objectId, type, plaintext, blob, 0);
        return blob;
    }

    /**
     * Decrypts the blob of {@code length} bytes at {@code at} into a fresh array the caller must erase.
     *
     * @throws IllegalStateException when the blob does not authenticate for this object and attribute
     */
    byte[] open(long objectId, long type, byte[] in, int at, int length) {
        byte[] plain = new byte[length - OVERHEAD];
        byte[] nonce = Arrays.copyOfRange(in, at, at + NONCE);
        try {
            run(false, objectId, type, nonce, in, at + NONCE, length - NONCE, plain, 0);
            return plain;
        } catch (RuntimeException e) {
            Arrays.fill(plain, (byte) 0);
            throw e;
        }
    }

    byte[] open(long objectId, long type, byte[] blob) {
        return open(objectId, type, blob, 0, blob.length);
    }

    /** One GCM pass with the partition key, on cipher objects of this call alone. */
    private void run(boolean encrypt, long objectId, long type, byte[] nonce, byte[] in, int inOff, int inLen,
            byte[] out, int outOff) {
        key.withKey(k -> {
            KeyParameter keyParameter = new KeyParameter(k); // a copy: overwritten below
            GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance(), new BasicGCMMultiplier());
            try {
                gcm.init(encrypt, new AEADParameters(keyParameter, TAG * 8, nonce, associatedData(objectId, type)));
                int n = gcm.processBytes(in, inOff, inLen, out, outOff);
                gcm.doFinal(out, outOff + n);
                return null;
            } catch (InvalidCipherTextException e) {
                throw new IllegalStateException("wrapped value failed authentication", e);
            } finally {
                Arrays.fill(keyParameter.getKey(), (byte) 0);
            }
        });
    }

    private static byte[] associatedData(long objectId, long type) {
        return ByteBuffer.allocate(16).putLong(objectId).putLong(type).array();
    }
}
