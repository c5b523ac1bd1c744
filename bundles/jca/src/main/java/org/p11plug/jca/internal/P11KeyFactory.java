package org.p11plug.jca.internal;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import org.p11plug.api.CkException;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.spi.crypto.SoftwareCrypto;

/**
 * Key factory for RSA, EC, EdDSA and XDH keys. Public keys stay software keys (the JDK's):
 * the token needs them only for the call that uses them. A private key made from a key spec is
 * put on the token as a sensitive, non-extractable session object, destroyed when the returned
 * key becomes unreachable; private keys of the token have no key spec to give, since their
 * values never leave it.
 */
public final class P11KeyFactory extends KeyFactorySpi {
    private final TokenSessions token;
    private final String algorithm;

    public P11KeyFactory(TokenSessions token, String algorithm) {
        this.token = token;
        this.algorithm = algorithm;
    }

    private KeyFactory software() throws InvalidKeySpecException {
        try {
            return SoftwareCrypto.keyFactory(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new InvalidKeySpecException(e.getMessage(), e);
        }
    }

    @Override
    protected PublicKey engineGeneratePublic(KeySpec keySpec) throws InvalidKeySpecException {
        return software().generatePublic(keySpec);
    }

    @Override
    protected PrivateKey engineGeneratePrivate(KeySpec keySpec) throws InvalidKeySpecException {
        PrivateKey value = software().generatePrivate(keySpec);
        try {
            return onToken(value);
        } catch (InvalidKeyException e) {
            throw new InvalidKeySpecException(e.getMessage(), e);
        }
    }

    private P11PrivateKey onToken(PrivateKey value) throws InvalidKeyException {
        RawAttribute[] template = PrivateKeys.template(value, RawAttribute.ofBoolean(CKA.TOKEN, false));
        try {
            long handle = token.withKeeper(s -> token.p11().createObject(s, template));
            P11PrivateKey key = P11PrivateKey.of(token, handle);
            token.destroyWhenUnreachable(key, handle);
            return key;
        } catch (CkException e) {
            throw new InvalidKeyException("the token refuses this key: " + e.getMessage(), e);
        }
    }

    @Override
    protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> keySpec) throws InvalidKeySpecException {
        if (key instanceof P11PrivateKey) {
            throw new InvalidKeySpecException("the private key stays on its token: it has no " + keySpec.getSimpleName());
        }
        return software().getKeySpec(key, keySpec);
    }

    @Override
    protected Key engineTranslateKey(Key key) throws InvalidKeyException {
        if (key instanceof P11PrivateKey p && p.token() == token) {
            return key;
        }
        if (key instanceof PrivateKey p) {
            return onToken(p);
        }
        try {
            return software().translateKey(key);
        } catch (InvalidKeySpecException e) {
            throw new InvalidKeyException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ProviderException(e);
        }
    }
}
