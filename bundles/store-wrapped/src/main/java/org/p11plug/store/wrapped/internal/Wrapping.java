package org.p11plug.store.wrapped.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM over one value, with the object's identity and the attribute type as associated
 * data, so a blob opens only as the value it was made for: moved to another object or another
 * attribute, it fails authentication. A blob is nonce (12) || ciphertext || tag (16). Nonces are
 * a random prefix and a counter, unique under the partition's key, which is itself fresh.
 *
 * <p>The JDK's AES-GCM is used for its AES-NI and CLMUL intrinsics. Each thread keeps one
 * {@link Cipher} and re-keys it with zeros after every use, which overwrites the copy of the
 * key the JDK keeps inside it; the expanded key schedules it drops become garbage, the one copy
 * of a wrapping key this store cannot overwrite (README, "What cannot be erased").
 */
final class Wrapping {
    static final int NONCE = 12;
    static final int TAG = 16;
    static final int OVERHEAD = NONCE + TAG;
    private static final byte[] ZERO_KEY = new byte[PartitionKey.LENGTH];
    private static final GCMParameterSpec ZERO_IV = new GCMParameterSpec(128, new byte[NONCE]);
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(Wrapping::newCipher);

    private final PartitionKey key;
    private final long noncePrefix;
    private final AtomicLong counter = new AtomicLong();

    Wrapping(PartitionKey key) {
        this.key = key;
        this.noncePrefix = new SecureRandom().nextInt();
    }

    /**
     * Encrypts {@code plaintext} (left to the caller to erase) for one object's attribute into
     * {@code out} at {@code at}: {@link #OVERHEAD} more bytes than the plaintext.
     */
    void seal(long objectId, long type, byte[] plaintext, byte[] out, int at) {
        ByteBuffer.wrap(out, at, NONCE).putInt((int) noncePrefix).putLong(counter.incrementAndGet());
        key.withKey(k -> {
            Cipher c = CIPHERS.get();
            try {
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(128, out, at, NONCE));
                c.updateAAD(associatedData(objectId, type));
                c.doFinal(plaintext, 0, plaintext.length, out, at + NONCE);
                return null;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed", e);
            } finally {
                wipe(c);
            }
        });
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
        return key.withKey(k -> {
            Cipher c = CIPHERS.get();
            byte[] plain = new byte[length - OVERHEAD];
            try {
                c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(128, in, at, NONCE));
                c.updateAAD(associatedData(objectId, type));
                c.doFinal(in, at + NONCE, length - NONCE, plain, 0);
                return plain;
            } catch (GeneralSecurityException e) {
                Arrays.fill(plain, (byte) 0);
                throw new IllegalStateException("wrapped value failed authentication", e);
            } finally {
                wipe(c);
            }
        });
    }

    byte[] open(long objectId, long type, byte[] blob) {
        return open(objectId, type, blob, 0, blob.length);
    }

    private static byte[] associatedData(long objectId, long type) {
        return ByteBuffer.allocate(16).putLong(objectId).putLong(type).array();
    }

    /** Re-keys the thread's cipher with zeros: the JDK overwrites its saved copy of the last key. */
    private static void wipe(Cipher c) {
        try {
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(ZERO_KEY, "AES"), ZERO_IV);
        } catch (GeneralSecurityException e) {
            CIPHERS.remove(); // never seen; drop the cipher rather than keep a key in it
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }
}
