package org.p11plug.jca.internal;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.NamedParameterSpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.p11plug.api.CkException;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.AttributeRequest;
import org.p11plug.api.raw.AttributeResults;
import org.p11plug.api.raw.Ulong;

/**
 * A private key that stays on its token: a handle, never its value ({@link #getEncoded()} is
 * null). The RSA, EC, EdDSA and XDH kinds answer {@link RSAKey}, {@link ECKey},
 * {@link EdECPrivateKey} and {@link XECPrivateKey} (without bytes) with their public parameters, which JSSE, jarsigner and
 * signature code ask for.
 */
public class P11PrivateKey implements PrivateKey {
    private static final long serialVersionUID = 1L;

    private final transient TokenSessions token;
    private final long handle;
    private final String algorithm;

    P11PrivateKey(TokenSessions token, long handle, String algorithm) {
        this.token = token;
        this.handle = handle;
        this.algorithm = algorithm;
    }

    /** The key behind a private-key object handle, typed by its CKA_KEY_TYPE. */
    static P11PrivateKey of(TokenSessions token, long handle) {
        AttributeResults r = token.withSession(s -> token.p11().getAttributeValue(s, handle,
                new AttributeRequest[] {AttributeRequest.of(CKA.KEY_TYPE), AttributeRequest.of(CKA.MODULUS),
                    AttributeRequest.of(CKA.EC_PARAMS)}));
        long type = Ulong.decode(r.get(0).value());
        if (type == CKK.RSA && r.get(1).ok()) {
            return new Rsa(token, handle, new BigInteger(1, r.get(1).value()));
        }
        if (type == CKK.EC && r.get(2).ok()) {
            return new Ec(token, handle, ecParameters(r.get(2).value()));
        }
        if (type == CKK.EC_EDWARDS && r.get(2).ok()) {
            String curve = curveOid(r.get(2).value());
            return new Ed(token, handle, "1.3.101.113".equals(curve) ? NamedParameterSpec.ED448 : NamedParameterSpec.ED25519);
        }
        if (type == CKK.EC_MONTGOMERY && r.get(2).ok()) {
            String curve = curveOid(r.get(2).value());
            return new Xdh(token, handle, "1.3.101.111".equals(curve) ? NamedParameterSpec.X448 : NamedParameterSpec.X25519);
        }
        throw new CkException(CKR.KEY_TYPE_INCONSISTENT, "no JCA type for key type " + type);
    }

    TokenSessions token() {
        return token;
    }

    long handle() {
        return handle;
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    /** @return null: the key never leaves the token */
    @Override
    public String getFormat() {
        return null;
    }

    /** @return null: the key never leaves the token */
    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public String toString() {
        return "P11plug " + algorithm + " private key #" + handle;
    }

    static String curveOid(byte[] ecParams) {
        try {
            return ASN1ObjectIdentifier.getInstance(ASN1Primitive.fromByteArray(ecParams)).getId();
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new CkException(CKR.DOMAIN_PARAMS_INVALID, "CKA_EC_PARAMS is not a named curve");
        }
    }

    static ECParameterSpec ecParameters(byte[] ecParams) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(curveOid(ecParams)));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new CkException(CKR.CURVE_NOT_SUPPORTED, "the JDK does not know this curve");
        }
    }

    /** An RSA private key on the token. */
    static final class Rsa extends P11PrivateKey implements RSAKey {
        private static final long serialVersionUID = 1L;
        private final BigInteger modulus;

        Rsa(TokenSessions token, long handle, BigInteger modulus) {
            super(token, handle, "RSA");
            this.modulus = modulus;
        }

        @Override
        public BigInteger getModulus() {
            return modulus;
        }
    }

    /** An EdDSA private key on the token: algorithm "EdDSA" and the curve, as the JDK's own EdEC keys. */
    static final class Ed extends P11PrivateKey implements EdECPrivateKey {
        private static final long serialVersionUID = 1L;
        private final transient NamedParameterSpec params;

        Ed(TokenSessions token, long handle, NamedParameterSpec params) {
            super(token, handle, "EdDSA");
            this.params = params;
        }

        @Override
        public NamedParameterSpec getParams() {
            return params;
        }

        /** @return empty: the key is not extractable */
        @Override
        public java.util.Optional<byte[]> getBytes() {
            return java.util.Optional.empty();
        }
    }

    /** An X25519 or X448 private key on the token, for key agreement: algorithm "XDH", as the JDK's own. */
    static final class Xdh extends P11PrivateKey implements XECPrivateKey {
        private static final long serialVersionUID = 1L;
        private final transient NamedParameterSpec params;

        Xdh(TokenSessions token, long handle, NamedParameterSpec params) {
            super(token, handle, "XDH");
            this.params = params;
        }

        @Override
        public NamedParameterSpec getParams() {
            return params;
        }

        /** @return empty: the key is not extractable */
        @Override
        public java.util.Optional<byte[]> getScalar() {
            return java.util.Optional.empty();
        }
    }

    /** An EC private key on the token. */
    static final class Ec extends P11PrivateKey implements ECKey {
        private static final long serialVersionUID = 1L;
        private final transient ECParameterSpec params;

        Ec(TokenSessions token, long handle, ECParameterSpec params) {
            super(token, handle, "EC");
            this.params = params;
        }

        @Override
        public ECParameterSpec getParams() {
            return params;
        }
    }
}
