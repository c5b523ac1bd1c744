package org.p11plug.engine.internal.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.BasicAgreement;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.agreement.ECDHCBasicAgreement;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.param.Ecdh1DeriveParameter;
import org.p11plug.api.param.MechanismParameter;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.object.ObjectRecord;
import org.p11plug.spi.crypto.SoftwareCrypto;
import org.p11plug.spi.store.StoredValue;

/**
 * Elliptic curves in short Weierstrass form (P-256, P-384, P-521): key pair generation, ECDSA
 * with and without hashing (signatures are r || s, each nLen bytes), and ECDH with and without
 * cofactor. Bouncy Castle's custom curve implementations do the arithmetic; ECDSA draws its
 * nonce from a SecureRandom.
 */
final class EcMechanisms {
    static final long EC_FLAGS = CKF.EC_F_P | CKF.EC_OID | CKF.EC_CURVENAME | CKF.EC_UNCOMPRESS;
    private static final SecureRandom RANDOM = SoftwareCrypto.random();

    private EcMechanisms() {
    }

    static void register(Mechanisms m) {
        m.add(ec(CKM.EC_KEY_PAIR_GEN).generatePair(CKK.EC, EcMechanisms::generate));
        m.add(ec(CKM.ECDSA).singlePartOnly()
                .sign((p, k) -> SignatureOperations.signing(new Ecdsa(RsaMechanisms.noParameter(p), k, true)))
                .verify((p, k) -> SignatureOperations.verifying(new Ecdsa(RsaMechanisms.noParameter(p), k, false))));
        for (Hashes.Hash h : List.of(Hashes.SHA1, Hashes.SHA224, Hashes.SHA256, Hashes.SHA384, Hashes.SHA512,
                Hashes.SHA3_224, Hashes.SHA3_256, Hashes.SHA3_384, Hashes.SHA3_512)) {
            m.add(ec(ecdsaMechanism(h))
                    .sign((p, k) -> SignatureOperations.signing(
                            new HashedSigner(h, new Ecdsa(RsaMechanisms.noParameter(p), k, true))))
                    .verify((p, k) -> SignatureOperations.verifying(
                            new HashedSigner(h, new Ecdsa(RsaMechanisms.noParameter(p), k, false)))));
        }
        m.add(ec(CKM.ECDH1_DERIVE).keyPairs(CKK.EC, CKK.EC_MONTGOMERY)
                .bits(255, 521).derive((p, k, length, keys) -> derive(p, k, false, length)));
        m.add(ec(CKM.ECDH1_COFACTOR_DERIVE).derive((p, k, length, keys) -> derive(p, k, true, length)));
    }

    private static MechanismDef.Builder ec(long type) {
        return MechanismDef.builder(type).bits(256, 521).keyPairs(CKK.EC).flags(EC_FLAGS);
    }

    static long ecdsaMechanism(Hashes.Hash h) {
        return h == Hashes.SHA1 ? CKM.ECDSA_SHA1 : h == Hashes.SHA224 ? CKM.ECDSA_SHA224
                : h == Hashes.SHA256 ? CKM.ECDSA_SHA256 : h == Hashes.SHA384 ? CKM.ECDSA_SHA384
                : h == Hashes.SHA512 ? CKM.ECDSA_SHA512 : h == Hashes.SHA3_224 ? CKM.ECDSA_SHA3_224
                : h == Hashes.SHA3_256 ? CKM.ECDSA_SHA3_256 : h == Hashes.SHA3_384 ? CKM.ECDSA_SHA3_384
                : CKM.ECDSA_SHA3_512;
    }

    /**
     * ECDSA over a digest (or any input: longer hashes are cut to the order's bit length by the
     * algorithm itself). Signatures are r || s with nLen bytes each; verification also accepts
     * shorter even-length signatures, as the specification allows.
     */
    private static final class Ecdsa extends RsaMechanisms.WholeMessage {
        private final EcCurves.Curve curve;
        private final ECDSASigner signer = new ECDSASigner();
        private final org.p11plug.spi.token.@Nullable TokenKey onToken;

        Ecdsa(@Nullable Void checked, ObjectRecord key, boolean forSigning) {
            this.curve = Keys.curve(key, EcCurves.Form.WEIERSTRASS);
            this.onToken = forSigning ? Keys.onToken(key) : null;
            if (onToken == null) {
                signer.init(forSigning, forSigning ? new ParametersWithRandom(Keys.ecPrivate(key), RANDOM) : Keys.ecPublic(key));
            }
        }

        @Override
        public byte[] sign() {
            int n = curve.orderBytes();
            if (onToken != null) {
                // the card signs a digest of the order's length: ECDSA's leftmost bits, or zeros in front
                byte[] m = message();
                byte[] digest = new byte[n];
                if (m.length >= n) {
                    System.arraycopy(m, 0, digest, 0, n);
                } else {
                    System.arraycopy(m, 0, digest, n - m.length, m.length);
                }
                return onToken.ecdsaSign(digest);
            }
            BigInteger[] rs = signer.generateSignature(message());
            byte[] out = new byte[2 * n];
            BigIntegers.asUnsignedByteArray(rs[0], out, 0, n);
            BigIntegers.asUnsignedByteArray(rs[1], out, n, n);
            return out;
        }

        @Override
        public void verify(byte[] signature) {
            int n = curve.orderBytes();
            if (signature.length == 0 || signature.length % 2 != 0 || signature.length > 2 * n) {
                throw Ck.fail(CKR.SIGNATURE_LEN_RANGE);
            }
            int half = signature.length / 2;
            BigInteger r = new BigInteger(1, Arrays.copyOf(signature, half));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, half, signature.length));
            if (!signer.verifySignature(message(), r, s)) {
                throw Ck.fail(CKR.SIGNATURE_INVALID);
            }
        }

        @Override
        public int signatureLength() {
            return 2 * curve.orderBytes();
        }
    }

    private static KeyPairValues generate(@Nullable MechanismParameter p, GenerationRequest request) {
        RsaMechanisms.noParameter(p);
        if (request.ecParams() == null) {
            throw Ck.fail(CKR.TEMPLATE_INCOMPLETE, "CKA_EC_PARAMS is required");
        }
        EcCurves.Curve curve = EcCurves.parse(request.ecParams(), EcCurves.Form.WEIERSTRASS);
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(curve.weierstrass(), RANDOM));
        AsymmetricCipherKeyPair pair = g.generateKeyPair();
        ECPoint q = ((ECPublicKeyParameters) pair.getPublic()).getQ();
        BigInteger d = ((ECPrivateKeyParameters) pair.getPrivate()).getD();
        byte[] params = request.ecParams().clone();
        return new KeyPairValues(
                List.of(StoredValue.plain(CKA.EC_POINT, EcCurves.encodePoint(q))),
                List.of(StoredValue.plain(CKA.EC_PARAMS, params),
                        StoredValue.secret(CKA.VALUE, BigIntegers.asUnsignedByteArray(curve.orderBytes(), d))));
    }

    /**
     * ECDH1: the shared secret Z (the x coordinate, field-length bytes), through the requested
     * KDF. The other party's key comes raw or as a DER OCTET STRING; Montgomery keys (X25519,
     * X448) take their RFC 7748 bytes. Without a KDF, a shorter key takes the trailing bytes of Z
     * (the specification truncates from the leading end).
     */
    private static byte[] derive(@Nullable MechanismParameter p, ObjectRecord key, boolean cofactor, int length) {
        if (!(p instanceof Ecdh1DeriveParameter params) || params.publicData() == null) {
            throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "CK_ECDH1_DERIVE_PARAMS expected");
        }
        Kdfs.check(params.kdf(), params.sharedData());
        byte[] z = key.policy().keyType() == CKK.EC_MONTGOMERY
                ? EdMechanisms.x25519Or448(key, params.publicData())
                : weierstrassAgreement(key, params.publicData(), cofactor);
        return Kdfs.apply(params.kdf(), z, params.sharedData(), length);
    }

    private static byte[] weierstrassAgreement(ObjectRecord key, byte[] publicData, boolean cofactor) {
        EcCurves.Curve curve = Keys.curve(key, EcCurves.Form.WEIERSTRASS);
        ECPoint other = EcCurves.decodePoint(curve, publicData);
        if (other == null) {
            throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "the other party's public value is not a point of the curve");
        }
        org.p11plug.spi.token.TokenKey onToken = Keys.onToken(key);
        if (onToken != null) {
            if (cofactor && !curve.weierstrass().getH().equals(BigInteger.ONE)) {
                throw Ck.fail(CKR.MECHANISM_INVALID, "the token does no cofactor ECDH on this curve");
            }
            return onToken.ecdhAgree(other.getEncoded(false)); // the NIST curves' cofactor is 1
        }
        BasicAgreement agreement = cofactor ? new ECDHCBasicAgreement() : new ECDHBasicAgreement();
        agreement.init(Keys.ecPrivate(key));
        BigInteger z = agreement.calculateAgreement(new ECPublicKeyParameters(other, curve.weierstrass()));
        return BigIntegers.asUnsignedByteArray(agreement.getFieldSize(), z);
    }
}
