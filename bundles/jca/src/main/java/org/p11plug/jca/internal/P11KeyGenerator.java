package org.p11plug.jca.internal;

import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidParameterException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.KeyGeneratorSpi;
import javax.crypto.SecretKey;
import org.p11plug.api.CkException;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.jca.P11KeyGenParameterSpec;
import org.jspecify.annotations.Nullable;

/**
 * Secret keys generated on the token: sensitive, not extractable; session objects destroyed when
 * the JCA key becomes unreachable, or token objects with a label and an id
 * ({@link P11KeyGenParameterSpec#secretOnToken}), which the KeyStore finds. AES (128, 192, 256
 * bits) and HMAC keys (generic secrets, by default as long as the hash's output).
 */
public final class P11KeyGenerator extends KeyGeneratorSpi {
    private final TokenSessions token;
    private final String algorithm;
    private final boolean aes;
    private int bits;
    private boolean onToken;
    private @Nullable String label;
    private byte @Nullable [] id;

    public P11KeyGenerator(TokenSessions token, String algorithm, int defaultBits) {
        this.token = token;
        this.algorithm = algorithm;
        this.aes = algorithm.equals("AES");
        this.bits = defaultBits;
    }

    @Override
    protected void engineInit(SecureRandom random) {
        // the token's own generator makes the key
    }

    @Override
    protected void engineInit(AlgorithmParameterSpec params, SecureRandom random) throws InvalidAlgorithmParameterException {
        if (!(params instanceof P11KeyGenParameterSpec p) || p.algorithmSpec() != null) {
            throw new InvalidAlgorithmParameterException("a size, or P11KeyGenParameterSpec.secretOnToken");
        }
        try {
            engineInit(p.keyBits(), random);
        } catch (InvalidParameterException e) {
            throw new InvalidAlgorithmParameterException(e.getMessage(), e);
        }
        onToken = p.onToken();
        label = p.label();
        id = p.id();
    }

    @Override
    protected void engineInit(int keysize, SecureRandom random) {
        if (keysize % 8 != 0 || keysize <= 0 || (aes && keysize != 128 && keysize != 192 && keysize != 256)) {
            throw new InvalidParameterException("key size " + keysize);
        }
        bits = keysize;
        onToken = false;
        label = null;
        id = null;
    }

    @Override
    protected SecretKey engineGenerateKey() {
        RawAttribute[] template = {
            RawAttribute.ofLong(CKA.CLASS, CKO.SECRET_KEY), RawAttribute.ofLong(CKA.KEY_TYPE, aes ? CKK.AES : CKK.GENERIC_SECRET),
            RawAttribute.ofLong(CKA.VALUE_LEN, bits / 8), RawAttribute.ofBoolean(CKA.TOKEN, onToken),
            RawAttribute.ofBoolean(CKA.SENSITIVE, true), RawAttribute.ofBoolean(CKA.EXTRACTABLE, false),
            RawAttribute.ofBoolean(CKA.SIGN, true), RawAttribute.ofBoolean(CKA.VERIFY, true),
            RawAttribute.ofBoolean(CKA.ENCRYPT, aes), RawAttribute.ofBoolean(CKA.DECRYPT, aes)};
        if (onToken) { // a stored key: private to the logged-in user, named for the KeyStore
            template = java.util.Arrays.copyOf(template, template.length + 3);
            template[template.length - 3] = RawAttribute.ofBoolean(CKA.PRIVATE, true);
            template[template.length - 2] = RawAttribute.ofUtf8(CKA.LABEL, label == null ? "" : label);
            template[template.length - 1] = RawAttribute.of(CKA.ID, id == null ? new byte[0] : id);
        }
        RawAttribute[] attributes = template;
        Mechanism m = Mechanism.of(aes ? CKM.AES_KEY_GEN : CKM.GENERIC_SECRET_KEY_GEN);
        try {
            if (onToken) {
                long handle = token.withSession(s -> token.p11().generateKey(s, m, attributes));
                return P11SecretKey.stored(token, handle, aes ? CKK.AES : CKK.GENERIC_SECRET);
            }
            long handle = token.withKeeper(s -> token.p11().generateKey(s, m, attributes));
            return new P11SecretKey(token, handle, algorithm);
        } catch (CkException e) {
            throw new ProviderException("C_GenerateKey: " + e.getMessage(), e);
        }
    }
}
