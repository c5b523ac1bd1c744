package org.p11plug.jca.internal;

import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.interfaces.XECKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import javax.crypto.KeyAgreementSpi;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkException;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKD;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.param.Ecdh1DeriveParameter;
import org.p11plug.api.raw.AttributeRequest;
import org.p11plug.api.raw.RawAttribute;

/**
 * ECDH and X25519/X448 with a private key of the token (CKM_ECDH1_DERIVE, no KDF). The shared
 * secret as bytes ({@code generateSecret()}, and "TlsPremasterSecret" for JSSE) is derived as a
 * short-lived extractable session object, read and destroyed in the same call. As an "AES" key
 * ({@code generateSecret("AES")}) it stays on the token: a sensitive, non-extractable session
 * key of 32 bytes of the secret (16 for a shorter secret), cut as PKCS#11 cuts a CKD_NULL secret.
 */
public final class P11KeyAgreement extends KeyAgreementSpi {
    private final TokenSessions token;
    private final boolean xdh;
    private @Nullable P11PrivateKey key;
    private byte @Nullable [] otherPublic;
    private int secretBytes;

    /** {@code xdh}: X25519 and X448 keys, else EC keys. */
    public P11KeyAgreement(TokenSessions token, boolean xdh) {
        this.token = token;
        this.xdh = xdh;
    }

    @Override
    protected void engineInit(Key key, @Nullable SecureRandom random) throws InvalidKeyException {
        boolean fits = xdh ? key instanceof P11PrivateKey.Xdh : key instanceof P11PrivateKey.Ec;
        if (!fits || ((P11PrivateKey) key).token() != token) {
            throw new InvalidKeyException((xdh ? "an X25519/X448" : "an EC") + " private key of this provider's token, not "
                    + key);
        }
        this.key = (P11PrivateKey) key;
        this.secretBytes = xdh ? ("X448".equalsIgnoreCase(((P11PrivateKey.Xdh) key).getParams().getName()) ? 56 : 32)
                : (((ECKey) key).getParams().getCurve().getField().getFieldSize() + 7) / 8;
        this.otherPublic = null;
    }

    @Override
    protected void engineInit(Key key, @Nullable AlgorithmParameterSpec params, @Nullable SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (params != null && !(xdh && params instanceof NamedParameterSpec)) {
            throw new InvalidAlgorithmParameterException("no parameters besides the key");
        }
        engineInit(key, random);
    }

    @Override
    protected @Nullable Key engineDoPhase(Key other, boolean lastPhase) throws InvalidKeyException {
        P11PrivateKey mine = key;
        if (mine == null) {
            throw new IllegalStateException("key agreement not initialized");
        }
        if (!lastPhase) {
            throw new IllegalStateException("two-party agreement: one phase, the last");
        }
        boolean fits = xdh ? other instanceof XECKey x && sameCurve(x, (P11PrivateKey.Xdh) mine)
                : other instanceof ECKey e && e.getParams().getCurve().equals(((ECKey) mine).getParams().getCurve());
        if (!(other instanceof PublicKey pub) || !fits) {
            throw new InvalidKeyException("a public key on the same curve as the private key, not " + other);
        }
        otherPublic = PublicKeys.agreementValue(pub);
        return null;
    }

    private static boolean sameCurve(XECKey other, P11PrivateKey.Xdh mine) {
        return other.getParams() instanceof NamedParameterSpec n && n.getName().equalsIgnoreCase(mine.getParams().getName());
    }

    @Override
    protected byte[] engineGenerateSecret() {
        byte[] other = phaseDone();
        RawAttribute[] template = secretTemplate(CKK.GENERIC_SECRET, secretBytes, false);
        Mechanism m = derivation(other);
        long base = key.handle();
        try {
            return token.withSession(s -> {
                long secret = token.p11().deriveKey(s, m, base, template);
                try {
                    return token.p11().getAttributeValue(s, secret, new AttributeRequest[] {AttributeRequest.of(CKA.VALUE)})
                            .get(0).value();
                } finally {
                    token.p11().destroyObject(s, secret);
                }
            });
        } catch (CkException e) {
            throw new ProviderException("C_DeriveKey: " + e.getMessage(), e);
        }
    }

    @Override
    protected int engineGenerateSecret(byte[] sharedSecret, int offset) throws ShortBufferException {
        if (sharedSecret.length - offset < secretBytes) {
            throw new ShortBufferException("the secret needs " + secretBytes + " bytes");
        }
        byte[] secret = engineGenerateSecret();
        System.arraycopy(secret, 0, sharedSecret, offset, secret.length);
        Arrays.fill(secret, (byte) 0);
        return secret.length;
    }

    @Override
    protected SecretKey engineGenerateSecret(String algorithm) throws NoSuchAlgorithmException {
        if (algorithm.equalsIgnoreCase("TlsPremasterSecret")) {
            byte[] secret = engineGenerateSecret();
            try {
                return new SecretKeySpec(secret, "TlsPremasterSecret");
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        }
        if (!algorithm.equalsIgnoreCase("AES")) {
            throw new NoSuchAlgorithmException("the secret comes as bytes, a TlsPremasterSecret or an AES key, not "
                    + algorithm);
        }
        byte[] other = phaseDone();
        int length = secretBytes >= 32 ? 32 : 16;
        RawAttribute[] template = secretTemplate(CKK.AES, length, true);
        Mechanism m = derivation(other);
        long base = key.handle();
        try {
            long handle = token.withKeeper(s -> token.p11().deriveKey(s, m, base, template));
            return new P11SecretKey(token, handle, "AES");
        } catch (CkException e) {
            throw new ProviderException("C_DeriveKey: " + e.getMessage(), e);
        }
    }

    /** The other party's value; the agreement goes back to its state after init (JCA's rule). */
    private byte[] phaseDone() {
        byte[] other = otherPublic;
        if (key == null || other == null) {
            throw new IllegalStateException("doPhase with the other party's public key comes first");
        }
        otherPublic = null;
        return other;
    }

    private static Mechanism derivation(byte[] otherPublic) {
        return Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.NULL, null, otherPublic));
    }

    private static RawAttribute[] secretTemplate(long keyType, int length, boolean sensitive) {
        return new RawAttribute[] {
            RawAttribute.ofLong(CKA.CLASS, CKO.SECRET_KEY), RawAttribute.ofLong(CKA.KEY_TYPE, keyType),
            RawAttribute.ofLong(CKA.VALUE_LEN, length), RawAttribute.ofBoolean(CKA.TOKEN, false),
            RawAttribute.ofBoolean(CKA.SENSITIVE, sensitive), RawAttribute.ofBoolean(CKA.EXTRACTABLE, !sensitive),
            RawAttribute.ofBoolean(CKA.ENCRYPT, sensitive), RawAttribute.ofBoolean(CKA.DECRYPT, sensitive)};
    }
}
