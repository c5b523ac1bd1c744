package org.p11plug.jca.internal;

import java.io.ByteArrayOutputStream;
import java.security.AlgorithmParameters;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.interfaces.ECKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkException;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.param.RsaPkcsPssParameter;
import org.p11plug.api.raw.Output;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.api.raw.RawAttribute;

/**
 * Signature over the token: the private key is a handle of the provider's token; a public key
 * for verification is any JCA public key, put on the token as a session object for the one
 * C_Verify and destroyed right after (nothing is left behind, whatever happens to the JCA
 * object). The data is collected in the JCA object and signed in one C_Sign on a pooled session,
 * so an unfinished Signature holds no session. ECDSA signatures are DER, as in the JCA.
 */
public final class P11Signature extends SignatureSpi {
    /** How a JCA algorithm maps to the token. */
    public enum Kind { RSA, PSS, ECDSA, EDDSA }

    /** The largest signature the token makes (RSA-8192). */
    private static final long SIGNATURE_CAPACITY = 1024;

    /** The hash of an RSASSA-PSS signature: PKCS#11's hash-and-sign mechanism for it. */
    private static final Map<String, Long> PSS_MECHANISMS = Map.of("SHA-1", CKM.SHA1_RSA_PKCS_PSS,
            "SHA-224", CKM.SHA224_RSA_PKCS_PSS, "SHA-256", CKM.SHA256_RSA_PKCS_PSS, "SHA-384", CKM.SHA384_RSA_PKCS_PSS,
            "SHA-512", CKM.SHA512_RSA_PKCS_PSS);

    private final TokenSessions token;
    private final Kind kind;
    private final long mechanism;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private @Nullable P11PrivateKey signingKey;
    /** The verifying key as a session object template, made once at initVerify. */
    private RawAttribute @Nullable [] verifyingKey;
    /** For ECDSA verification: the length of r and s on the key's curve. */
    private int fieldBytes;
    private @Nullable PSSParameterSpec pss;

    public P11Signature(TokenSessions token, Kind kind, long mechanism) {
        this.token = token;
        this.kind = kind;
        this.mechanism = mechanism;
    }

    @Override
    protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
        if (!(key instanceof P11PrivateKey p) || p.token() != token) {
            throw new InvalidKeyException("not a key of this P11plug provider's token: " + key);
        }
        checkKind(key.getAlgorithm());
        signingKey = p;
        verifyingKey = null;
        data.reset();
    }

    @Override
    protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
        checkKind(key.getAlgorithm());
        verifyingKey = PublicKeys.verifyTemplate(key); // refuses now what cannot go on the token
        if (kind == Kind.ECDSA) {
            fieldBytes = PublicKeys.ecdsaFieldBytes(((ECKey) key).getParams());
        }
        signingKey = null;
        data.reset();
    }

    private void checkKind(String algorithm) throws InvalidKeyException {
        boolean fits = switch (kind) {
            case RSA, PSS -> algorithm.equals("RSA") || algorithm.equals("RSASSA-PSS");
            case ECDSA -> algorithm.equals("EC");
            case EDDSA -> algorithm.equals("EdDSA") || algorithm.equals("Ed25519") || algorithm.equals("Ed448");
        };
        if (!fits) {
            throw new InvalidKeyException(algorithm + " key for a " + kind + " signature");
        }
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        ready();
        data.write(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        ready();
        data.write(b, off, len);
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        P11PrivateKey key = signingKey;
        if (key == null) {
            throw new SignatureException("not initialized for signing");
        }
        byte[] message = take();
        Mechanism m = mechanism();
        try {
            byte[] signature = token.withSession(s -> {
                Pkcs11 p11 = token.p11();
                p11.signInit(s, m, key.handle());
                Output out = p11.sign(s, message, SIGNATURE_CAPACITY);
                return out.data();
            });
            return kind == Kind.ECDSA ? EcdsaEncoding.toDer(signature) : signature;
        } catch (CkException e) {
            throw new SignatureException("C_Sign: " + e.getMessage(), e);
        }
    }

    @Override
    protected boolean engineVerify(byte[] signature) throws SignatureException {
        RawAttribute[] key = verifyingKey;
        if (key == null) {
            throw new SignatureException("not initialized for verification");
        }
        byte[] message = take();
        byte[] raw = signature;
        if (kind == Kind.ECDSA) {
            raw = EcdsaEncoding.toRaw(signature, fieldBytes);
            if (raw == null) {
                return false;
            }
        }
        byte[] toCheck = raw;
        Mechanism m = mechanism();
        try {
            return token.withTemporaryObject(key, (s, object) -> {
                Pkcs11 p11 = token.p11();
                try {
                    p11.verifyInit(s, m, object);
                    p11.verify(s, message, toCheck);
                    return true;
                } catch (CkException e) {
                    if (e.is(CKR.SIGNATURE_INVALID) || e.is(CKR.SIGNATURE_LEN_RANGE)) {
                        return false;
                    }
                    throw e;
                }
            });
        } catch (CkException e) {
            throw new SignatureException("C_Verify: " + e.getMessage(), e);
        }
    }

    private Mechanism mechanism() throws SignatureException {
        if (kind != Kind.PSS) {
            return Mechanism.of(mechanism);
        }
        PSSParameterSpec spec = pss;
        if (spec == null) {
            throw new SignatureException("RSASSA-PSS needs its parameters (setParameter) before use");
        }
        String hash = spec.getDigestAlgorithm();
        MGF1ParameterSpec mgf = (MGF1ParameterSpec) spec.getMGFParameters();
        return Mechanism.of(PSS_MECHANISMS.get(hash), new RsaPkcsPssParameter(RsaHashes.HASH.get(hash),
                RsaHashes.MGF1.get(mgf.getDigestAlgorithm()),
                spec.getSaltLength()));
    }

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        if (kind != Kind.PSS) {
            if (params == null) {
                return;
            }
            throw new InvalidAlgorithmParameterException(kind + " signatures take no parameters");
        }
        if (!(params instanceof PSSParameterSpec spec)) {
            throw new InvalidAlgorithmParameterException("RSASSA-PSS needs a PSSParameterSpec");
        }
        if (!PSS_MECHANISMS.containsKey(spec.getDigestAlgorithm()) || !"MGF1".equalsIgnoreCase(spec.getMGFAlgorithm())
                || !(spec.getMGFParameters() instanceof MGF1ParameterSpec mgf)
                || !RsaHashes.MGF1.containsKey(mgf.getDigestAlgorithm()) || spec.getTrailerField() != 1) {
            throw new InvalidAlgorithmParameterException("unsupported PSS parameters " + spec);
        }
        if (data.size() > 0) {
            throw new InvalidAlgorithmParameterException("parameters cannot change in the middle of a signature");
        }
        pss = spec;
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        if (kind != Kind.PSS || pss == null) {
            return null;
        }
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("RSASSA-PSS");
            p.init(pss);
            return p;
        } catch (java.security.GeneralSecurityException e) {
            throw new ProviderException(e);
        }
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("no named parameters");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException("no named parameters");
    }

    private void ready() throws SignatureException {
        if (signingKey == null && verifyingKey == null) {
            throw new SignatureException("not initialized");
        }
    }

    /** The collected data; the object is ready for the next signature with the same key. */
    private byte[] take() {
        byte[] message = data.toByteArray();
        data.reset();
        return message;
    }
}
