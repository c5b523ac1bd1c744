package org.p11plug.card.soft.internal;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.p11plug.spi.crypto.SoftwareCrypto;

/**
 * AES-256-GCM with a random 96-bit nonce: {@code nonce || ciphertext || tag}. Bouncy Castle's
 * lightweight API is used because it works on the caller's key array (which the caller erases)
 * rather than copying it into a key object that cannot be erased.
 */
final class Sealer {
    static final int NONCE = 12;
    static final int TAG_BITS = 128;
    static final int OVERHEAD = NONCE + TAG_BITS / 8;

    private static final SecureRandom RANDOM = SoftwareCrypto.random();

    /** Raised when a sealed blob fails authentication: wrong key, wrong identity, or tampering. */
    static final class SealBroken extends Exception {
        private static final long serialVersionUID = 1L;

        SealBroken(String message) {
            super(message);
        }
    }

    private Sealer() {
    }

    static byte[] seal(byte[] key, byte[] associatedData, byte[] plaintext) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        GCMModeCipher gcm = cipher(true, key, nonce, associatedData);
        byte[] out = Arrays.copyOf(nonce, NONCE + gcm.getOutputSize(plaintext.length));
        int n = gcm.processBytes(plaintext, 0, plaintext.length, out, NONCE);
        try {
            gcm.doFinal(out, NONCE + n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM encryption cannot fail", e);
        }
        return out;
    }

    static byte[] open(byte[] key, byte[] associatedData, byte[] sealed) throws SealBroken {
        if (sealed.length < OVERHEAD) {
            throw new SealBroken("sealed blob too short");
        }
        byte[] nonce = Arrays.copyOf(sealed, NONCE);
        GCMModeCipher gcm = cipher(false, key, nonce, associatedData);
        byte[] out = new byte[gcm.getOutputSize(sealed.length - NONCE)];
        int n = gcm.processBytes(sealed, NONCE, sealed.length - NONCE, out, 0);
        try {
            gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            Arrays.fill(out, (byte) 0);
            throw new SealBroken("authentication failed");
        }
        return out;
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static GCMModeCipher cipher(boolean encrypt, byte[] key, byte[] nonce, byte[] aad) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce, aad));
        return gcm;
    }
}
