package org.p11plug.jca.internal;

import java.lang.ref.Cleaner;
import java.security.InvalidKeyException;
import java.security.Key;
import java.util.Arrays;
import javax.crypto.SecretKey;
import org.p11plug.api.CkException;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.raw.RawAttribute;

/**
 * A secret key on the token: a handle, never its value. Keys the provider generates are
 * session objects, destroyed when this object becomes unreachable (or with the provider).
 */
public final class P11SecretKey implements SecretKey {
    private static final long serialVersionUID = 1L;

    private final transient TokenSessions token;
    private final long handle;
    private final String algorithm;
    private final transient Cleaner.Cleanable cleanup;

    P11SecretKey(TokenSessions token, long handle, String algorithm) {
        this.token = token;
        this.handle = handle;
        this.algorithm = algorithm;
        this.cleanup = token.destroyWhenUnreachable(this, handle);
    }

    /**
     * {@code key} as a key of {@code token}: the key itself when it is one, else a raw secret
     * key's value put on the token as a session object (sensitive, not extractable, every
     * secret-key usage) that is destroyed with the returned object; the copy of the value made
     * on the way is overwritten.
     */
    static P11SecretKey of(TokenSessions token, Key key, long keyType) throws InvalidKeyException {
        if (key instanceof P11SecretKey k) {
            if (k.token != token) {
                throw new InvalidKeyException("a key of another P11plug provider's token");
            }
            return k;
        }
        if (!(key instanceof SecretKey) || !"RAW".equalsIgnoreCase(key.getFormat())) {
            throw new InvalidKeyException("not a raw secret key: " + key);
        }
        byte[] value = key.getEncoded();
        if (value == null) {
            throw new InvalidKeyException("the secret key has no value to bring to the token: " + key);
        }
        try {
            RawAttribute[] template = {
                RawAttribute.ofLong(CKA.CLASS, CKO.SECRET_KEY), RawAttribute.ofLong(CKA.KEY_TYPE, keyType),
                RawAttribute.ofBoolean(CKA.TOKEN, false), RawAttribute.ofBoolean(CKA.SENSITIVE, true),
                RawAttribute.ofBoolean(CKA.EXTRACTABLE, false), RawAttribute.ofBoolean(CKA.ENCRYPT, true),
                RawAttribute.ofBoolean(CKA.DECRYPT, true), RawAttribute.ofBoolean(CKA.SIGN, true),
                RawAttribute.ofBoolean(CKA.VERIFY, true), RawAttribute.of(CKA.VALUE, value)};
            long handle = token.withKeeper(s -> token.p11().createObject(s, template));
            return new P11SecretKey(token, handle, key.getAlgorithm());
        } catch (CkException e) {
            throw new InvalidKeyException("the token refuses this key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    TokenSessions token() {
        return token;
    }

    long handle() {
        return handle;
    }

    /** Destroys the key on the token now. */
    @Override
    public void destroy() {
        cleanup.clean();
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public String getFormat() {
        return null;
    }

    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public String toString() {
        return "P11plug " + algorithm + " secret key #" + handle;
    }
}
