package org.p11plug.jca.internal;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** An unwrapped key encoding as a key of the JDK's own kinds: secret (raw), public (X.509), private (PKCS#8). */
final class EncodedKeys {
    private EncodedKeys() {
    }

    static Key decode(byte[] encoded, String algorithm, int type) throws InvalidKeyException, NoSuchAlgorithmException {
        try {
            return switch (type) {
                case Cipher.SECRET_KEY -> new SecretKeySpec(encoded, algorithm);
                case Cipher.PUBLIC_KEY -> SoftwareKeys.keyFactory(algorithm).generatePublic(new X509EncodedKeySpec(encoded));
                case Cipher.PRIVATE_KEY -> SoftwareKeys.keyFactory(algorithm).generatePrivate(new PKCS8EncodedKeySpec(encoded));
                default -> throw new InvalidKeyException("unknown key type " + type);
            };
        } catch (InvalidKeySpecException e) {
            throw new InvalidKeyException("not a " + algorithm + " key encoding", e);
        }
    }
}
