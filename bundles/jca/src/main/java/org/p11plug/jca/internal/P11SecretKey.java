package org.p11plug.jca.internal;

import java.lang.ref.Cleaner;
import java.security.InvalidKeyException;
import java.security.Key;
import java.util.Arrays;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkException;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
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
    /** Destroys a session key on the token; null for a token object, which outlives this key object. */
    private final transient Cleaner.@Nullable Cleanable cleanup;

    /** A session key the provider made: destroyed on the token when this object becomes unreachable. */
    P11SecretKey(TokenSessions token, long handle, String algorithm) {
        this(token, handle, algorithm, true);
    }

    private P11SecretKey(TokenSessions token, long handle, String algorithm, boolean sessionKey) {
        this.token = token;
        this.handle = handle;
        this.algorithm = algorithm;
        this.cleanup = sessionKey ? token.destroyWhenUnreachable(this, handle) : null;
    }

    /** A key stored on the token (a KeyStore entry), named by its key type: it stays there when this object goes. */
    static P11SecretKey stored(TokenSessions token, long handle, long keyType) {
        return new P11SecretKey(token, handle, keyType == CKK.AES ? "AES" : "GenericSecret", false);
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
            RawAttribute[] template = template(keyType, value, RawAttribute.ofBoolean(CKA.TOKEN, false));
            long handle = token.withKeeper(s -> token.p11().createObject(s, template));
            return new P11SecretKey(token, handle, key.getAlgorithm());
        } catch (CkException e) {
            throw new InvalidKeyException("the token refuses this key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    /** A secret key object of {@code value}: sensitive, not extractable, every secret-key usage; plus {@code extra}. */
    static RawAttribute[] template(long keyType, byte[] value, RawAttribute... extra) {
        RawAttribute[] head = {
            RawAttribute.ofLong(CKA.CLASS, CKO.SECRET_KEY), RawAttribute.ofLong(CKA.KEY_TYPE, keyType),
            RawAttribute.ofBoolean(CKA.SENSITIVE, true), RawAttribute.ofBoolean(CKA.EXTRACTABLE, false),
            RawAttribute.ofBoolean(CKA.ENCRYPT, true), RawAttribute.ofBoolean(CKA.DECRYPT, true),
            RawAttribute.ofBoolean(CKA.SIGN, true), RawAttribute.ofBoolean(CKA.VERIFY, true),
            RawAttribute.of(CKA.VALUE, value)};
        RawAttribute[] all = Arrays.copyOf(head, head.length + extra.length);
        System.arraycopy(extra, 0, all, head.length, extra.length);
        return all;
    }

    /** The PKCS#11 key type for a JCA secret key algorithm: AES, else a generic secret (HMAC and the like). */
    static long keyType(String algorithm) {
        return "AES".equalsIgnoreCase(algorithm) ? CKK.AES : CKK.GENERIC_SECRET;
    }

    TokenSessions token() {
        return token;
    }

    long handle() {
        return handle;
    }

    /** Destroys a session key on the token now; a stored key is deleted through its KeyStore. */
    @Override
    public void destroy() {
        if (cleanup != null) {
            cleanup.clean();
        }
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
