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

/**
 * Secret keys generated on the token as session objects: sensitive, not extractable, destroyed
 * when the JCA key becomes unreachable. AES (128, 192, 256 bits) and HMAC keys (generic
 * secrets, by default as long as the hash's output).
 */
public final class P11KeyGenerator extends KeyGeneratorSpi {
    private final TokenSessions token;
    private final String algorithm;
    private final boolean aes;
    private int bits;

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
        throw new InvalidAlgorithmParameterException("no parameters, only a size");
    }

    @Override
    protected void engineInit(int keysize, SecureRandom random) {
        if (keysize % 8 != 0 || keysize <= 0 || (aes && keysize != 128 && keysize != 192 && keysize != 256)) {
            throw new InvalidParameterException("key size " + keysize);
        }
        bits = keysize;
    }

    @Override
    protected SecretKey engineGenerateKey() {
        RawAttribute[] template = {
            RawAttribute.ofLong(CKA.CLASS, CKO.SECRET_KEY), RawAttribute.ofLong(CKA.KEY_TYPE, aes ? CKK.AES : CKK.GENERIC_SECRET),
            RawAttribute.ofLong(CKA.VALUE_LEN, bits / 8), RawAttribute.ofBoolean(CKA.TOKEN, false),
            RawAttribute.ofBoolean(CKA.SENSITIVE, true), RawAttribute.ofBoolean(CKA.EXTRACTABLE, false),
            RawAttribute.ofBoolean(CKA.SIGN, true), RawAttribute.ofBoolean(CKA.VERIFY, true),
            RawAttribute.ofBoolean(CKA.ENCRYPT, aes), RawAttribute.ofBoolean(CKA.DECRYPT, aes)};
        Mechanism m = Mechanism.of(aes ? CKM.AES_KEY_GEN : CKM.GENERIC_SECRET_KEY_GEN);
        try {
            long handle = token.withKeeper(s -> token.p11().generateKey(s, m, template));
            return new P11SecretKey(token, handle, algorithm);
        } catch (CkException e) {
            throw new ProviderException("C_GenerateKey: " + e.getMessage(), e);
        }
    }
}
