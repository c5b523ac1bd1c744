package org.p11plug.jca.internal;

import java.security.InvalidKeyException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactorySpi;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secret keys brought to the token: a {@link SecretKeySpec} becomes a sensitive, non-extractable
 * session key (AES, or a generic secret for HMAC), destroyed when the returned key becomes
 * unreachable. Keys of the token give no key spec back: their values never leave it.
 */
public final class P11SecretKeyFactory extends SecretKeyFactorySpi {
    private final TokenSessions token;
    private final String algorithm;
    private final long keyType;

    public P11SecretKeyFactory(TokenSessions token, String algorithm, long keyType) {
        this.token = token;
        this.algorithm = algorithm;
        this.keyType = keyType;
    }

    @Override
    protected SecretKey engineGenerateSecret(KeySpec keySpec) throws InvalidKeySpecException {
        if (!(keySpec instanceof SecretKeySpec spec) || !spec.getAlgorithm().equalsIgnoreCase(algorithm)) {
            throw new InvalidKeySpecException("a SecretKeySpec for " + algorithm + " expected");
        }
        try {
            return P11SecretKey.of(token, spec, keyType);
        } catch (InvalidKeyException e) {
            throw new InvalidKeySpecException(e.getMessage(), e);
        }
    }

    @Override
    protected KeySpec engineGetKeySpec(SecretKey key, Class<?> keySpec) throws InvalidKeySpecException {
        throw new InvalidKeySpecException("a key of the token stays there: it has no " + keySpec.getSimpleName());
    }

    @Override
    protected SecretKey engineTranslateKey(SecretKey key) throws InvalidKeyException {
        if (!key.getAlgorithm().equalsIgnoreCase(algorithm)) {
            throw new InvalidKeyException("not an " + algorithm + " key: " + key.getAlgorithm());
        }
        return P11SecretKey.of(token, key, keyType);
    }
}
