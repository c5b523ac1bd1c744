package org.p11plug.jca.internal;

import java.io.ByteArrayOutputStream;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.ProviderException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.MacSpi;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkException;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.raw.RawAttribute;

/**
 * HMAC on the token: with a key of the provider's token, or with any raw secret key, which is put
 * on the token as a session object for the one C_Sign and destroyed in the same call (its copy of
 * the value is overwritten). The data is collected in the JCA object.
 */
public final class P11Mac extends MacSpi implements Cloneable {
    private final TokenSessions token;
    private final long mechanism;
    private final int length;
    private ByteArrayOutputStream data = new ByteArrayOutputStream();
    private @Nullable P11SecretKey tokenKey;
    private byte @Nullable [] rawKey;

    public P11Mac(TokenSessions token, long mechanism, int length) {
        this.token = token;
        this.mechanism = mechanism;
        this.length = length;
    }

    @Override
    protected int engineGetMacLength() {
        return length;
    }

    @Override
    protected void engineInit(Key key, AlgorithmParameterSpec params) throws InvalidKeyException,
            InvalidAlgorithmParameterException {
        if (params != null) {
            throw new InvalidAlgorithmParameterException("HMAC takes no parameters");
        }
        eraseRawKey();
        tokenKey = null;
        if (key instanceof P11SecretKey k) {
            if (k.token() != token) {
                throw new InvalidKeyException("a key of another P11plug provider");
            }
            tokenKey = k;
        } else if (key instanceof SecretKey && "RAW".equalsIgnoreCase(key.getFormat()) && key.getEncoded() != null) {
            rawKey = key.getEncoded();
        } else {
            throw new InvalidKeyException("not a raw secret key: " + key);
        }
        data.reset();
    }

    @Override
    protected void engineUpdate(byte input) {
        data.write(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        data.write(input, offset, len);
    }

    @Override
    protected byte[] engineDoFinal() {
        byte[] message = data.toByteArray();
        data.reset();
        P11SecretKey k = tokenKey;
        byte[] raw = rawKey;
        Mechanism m = Mechanism.of(mechanism);
        try {
            if (k != null) {
                return token.withSession(s -> {
                    token.p11().signInit(s, m, k.handle());
                    return token.p11().sign(s, message, length).data();
                });
            }
            if (raw == null) {
                throw new IllegalStateException("MAC not initialized");
            }
            RawAttribute[] template = P11SecretKey.template(CKK.GENERIC_SECRET, raw,
                    RawAttribute.ofBoolean(CKA.TOKEN, false));
            return token.withTemporaryObject(template, (s, object) -> {
                token.p11().signInit(s, m, object);
                return token.p11().sign(s, message, length).data();
            });
        } catch (CkException e) {
            throw new ProviderException("C_Sign: " + e.getMessage(), e);
        }
    }

    @Override
    protected void engineReset() {
        data.reset();
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        P11Mac copy = (P11Mac) super.clone();
        copy.data = new ByteArrayOutputStream();
        copy.data.writeBytes(data.toByteArray());
        copy.rawKey = rawKey == null ? null : rawKey.clone();
        return copy;
    }

    private void eraseRawKey() {
        if (rawKey != null) {
            Arrays.fill(rawKey, (byte) 0);
            rawKey = null;
        }
    }
}
