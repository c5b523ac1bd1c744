package org.p11plug.jca.internal;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.SecretKeySpec;
import org.p11plug.spi.crypto.SoftwareCrypto;

/**
 * Key wrapping for the ciphers: a key with an encoding is encrypted as it is (a key of a token has
 * none: it stays there), and an unwrapped encoding becomes a key of the JDK's own kinds: secret
 * (raw), public (X.509), private (PKCS#8). The copies of an encoding made here are overwritten.
 */
final class EncodedKeys {
    private EncodedKeys() {
    }

    /** The cipher's doFinal. */
    interface Transform {
        byte[] apply(byte[] input) throws IllegalBlockSizeException, BadPaddingException;
    }

    static byte[] wrap(Key keyToWrap, Transform encrypt) throws IllegalBlockSizeException, InvalidKeyException {
        byte[] encoded = keyToWrap.getEncoded();
        if (encoded == null) {
            throw new InvalidKeyException("the key has no encoding to wrap (a token key stays on its token): " + keyToWrap);
        }
        try {
            return encrypt.apply(encoded);
        } catch (BadPaddingException e) {
            throw new InvalidKeyException(e.getMessage(), e);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    static Key unwrap(byte[] wrappedKey, String algorithm, int type, Transform decrypt)
            throws InvalidKeyException, NoSuchAlgorithmException {
        byte[] encoded;
        try {
            encoded = decrypt.apply(wrappedKey);
        } catch (IllegalBlockSizeException | BadPaddingException e) {
            throw new InvalidKeyException("cannot unwrap: " + e.getMessage(), e);
        }
        try {
            return decode(encoded, algorithm, type);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    private static Key decode(byte[] encoded, String algorithm, int type) throws InvalidKeyException, NoSuchAlgorithmException {
        try {
            return switch (type) {
                case Cipher.SECRET_KEY -> new SecretKeySpec(encoded, algorithm);
                case Cipher.PUBLIC_KEY -> SoftwareCrypto.keyFactory(algorithm).generatePublic(new X509EncodedKeySpec(encoded));
                case Cipher.PRIVATE_KEY -> SoftwareCrypto.keyFactory(algorithm).generatePrivate(new PKCS8EncodedKeySpec(encoded));
                default -> throw new InvalidKeyException("unknown key type " + type);
            };
        } catch (InvalidKeySpecException e) {
            throw new InvalidKeyException("not a " + algorithm + " key encoding", e);
        }
    }
}
