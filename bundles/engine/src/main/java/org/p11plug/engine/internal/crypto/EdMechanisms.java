package org.p11plug.engine.internal.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.Ed25519ctxSigner;
import org.bouncycastle.crypto.signers.Ed25519phSigner;
import org.bouncycastle.crypto.signers.Ed448Signer;
import org.bouncycastle.crypto.signers.Ed448phSigner;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc7748.X448;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.param.EddsaParameter;
import org.p11plug.api.param.MechanismParameter;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.object.ObjectRecord;
import org.p11plug.spi.store.StoredValue;

/**
 * Edwards and Montgomery curves (RFC 8032, RFC 7748): EdDSA signatures (Ed25519, Ed25519ctx,
 * Ed25519ph, Ed448, Ed448ph, chosen by CK_EDDSA_PARAMS), key pair generation for both forms, and
 * X25519 / X448 agreement for ECDH1. Keys are the RFCs' little-endian byte strings; this token
 * writes CKA_EC_POINT raw, as the specification defines it, and reads the DER OCTET STRING form
 * other tokens write as well.
 */
final class EdMechanisms {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long FLAGS = CKF.EC_OID | CKF.EC_CURVENAME;

    private EdMechanisms() {
    }

    static void register(Mechanisms m) {
        m.add(MechanismDef.builder(CKM.EC_EDWARDS_KEY_PAIR_GEN).bits(255, 448).keyPairs(CKK.EC_EDWARDS).flags(FLAGS)
                .generatePair(CKK.EC_EDWARDS, (p, r) -> generate(p, r, EcCurves.Form.EDWARDS)));
        m.add(MechanismDef.builder(CKM.EC_MONTGOMERY_KEY_PAIR_GEN).bits(255, 448).keyPairs(CKK.EC_MONTGOMERY)
                .flags(FLAGS).generatePair(CKK.EC_MONTGOMERY, (p, r) -> generate(p, r, EcCurves.Form.MONTGOMERY)));
        m.add(MechanismDef.builder(CKM.EDDSA).bits(255, 448).keyPairs(CKK.EC_EDWARDS).flags(FLAGS)
                .sign((p, k) -> SignatureOperations.signing(new EdDsa(p, k, true)))
                .verify((p, k) -> SignatureOperations.verifying(new EdDsa(p, k, false))));
    }

    /**
     * EdDSA: pure schemes must see the whole message, so multi-part input is held in a bounded
     * buffer (Bouncy Castle's signers buffer it); the pre-hashed schemes stream.
     */
    private static final class EdDsa implements MessageSigner {
        private final Signer signer;
        private final int length;
        private long seen;

        EdDsa(@Nullable MechanismParameter p, ObjectRecord key, boolean forSigning) {
            if (p != null && !(p instanceof EddsaParameter)) {
                throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "CK_EDDSA_PARAMS expected");
            }
            EddsaParameter params = (EddsaParameter) p;
            byte[] context = params == null || params.context() == null ? new byte[0] : params.context();
            if (context.length > 255) {
                throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "EdDSA contexts are at most 255 bytes");
            }
            EcCurves.Curve curve = Keys.curve(key, EcCurves.Form.EDWARDS);
            boolean ed25519 = curve == EcCurves.ED25519;
            if (ed25519) {
                signer = params == null ? new Ed25519Signer()
                        : params.prehash() ? new Ed25519phSigner(context) : new Ed25519ctxSigner(context);
            } else {
                signer = params != null && params.prehash() ? new Ed448phSigner(context) : new Ed448Signer(context);
            }
            length = ed25519 ? 64 : 114;
            if (forSigning) {
                signer.init(true, key.withValue(CKA.VALUE, v -> ed25519 ? new Ed25519PrivateKeyParameters(seed(v, 32))
                        : new Ed448PrivateKeyParameters(seed(v, 57))));
            } else {
                byte[] pub = Keys.rawPublic(key, EcCurves.Form.EDWARDS);
                signer.init(false, ed25519 ? new Ed25519PublicKeyParameters(pub) : new Ed448PublicKeyParameters(pub));
            }
        }

        private static byte[] seed(byte[] v, int length) {
            if (v.length != length) {
                throw Ck.fail(CKR.KEY_HANDLE_INVALID, "EdDSA private keys are " + length + " bytes");
            }
            return v;
        }

        @Override
        public void update(byte[] part) {
            seen += part.length;
            if (seen > BoundedBuffer.DEFAULT_LIMIT) {
                throw Ck.fail(CKR.DATA_LEN_RANGE, "EdDSA messages are limited to " + BoundedBuffer.DEFAULT_LIMIT + " bytes");
            }
            signer.update(part, 0, part.length);
        }

        @Override
        public byte[] sign() {
            try {
                return signer.generateSignature();
            } catch (org.bouncycastle.crypto.CryptoException e) {
                throw Ck.fail(CKR.FUNCTION_FAILED, e.getMessage());
            }
        }

        @Override
        public void verify(byte[] signature) {
            if (signature.length != length) {
                throw Ck.fail(CKR.SIGNATURE_LEN_RANGE);
            }
            if (!signer.verifySignature(signature)) {
                throw Ck.fail(CKR.SIGNATURE_INVALID);
            }
        }

        @Override
        public int signatureLength() {
            return length;
        }

        @Override
        public void destroy() {
            signer.reset();
        }
    }

    private static KeyPairValues generate(@Nullable MechanismParameter p, GenerationRequest request, EcCurves.Form form) {
        RsaMechanisms.noParameter(p);
        if (request.ecParams() == null) {
            throw Ck.fail(CKR.TEMPLATE_INCOMPLETE, "CKA_EC_PARAMS is required");
        }
        EcCurves.Curve curve = EcCurves.parse(request.ecParams(), form);
        byte[] secret = new byte[curve.encodedLength()];
        byte[] pub = new byte[curve.encodedLength()];
        if (curve == EcCurves.ED25519) {
            Ed25519PrivateKeyParameters k = new Ed25519PrivateKeyParameters(RANDOM);
            k.encode(secret, 0);
            k.generatePublicKey().encode(pub, 0);
        } else if (curve == EcCurves.ED448) {
            Ed448PrivateKeyParameters k = new Ed448PrivateKeyParameters(RANDOM);
            k.encode(secret, 0);
            k.generatePublicKey().encode(pub, 0);
        } else if (curve == EcCurves.X25519) {
            X25519.generatePrivateKey(RANDOM, secret);
            X25519.generatePublicKey(secret, 0, pub, 0);
        } else {
            X448.generatePrivateKey(RANDOM, secret);
            X448.generatePublicKey(secret, 0, pub, 0);
        }
        return new KeyPairValues(List.of(StoredValue.plain(CKA.EC_POINT, pub)),
                List.of(StoredValue.plain(CKA.EC_PARAMS, request.ecParams().clone()), StoredValue.secret(CKA.VALUE, secret)));
    }

    /** The public key of an Edwards or Montgomery private key, from its secret bytes. */
    static byte[] publicFromPrivate(EcCurves.Curve curve, byte[] secret) {
        byte[] pub = new byte[curve.encodedLength()];
        if (curve == EcCurves.ED25519) {
            new Ed25519PrivateKeyParameters(secret).generatePublicKey().encode(pub, 0);
        } else if (curve == EcCurves.ED448) {
            new Ed448PrivateKeyParameters(secret).generatePublicKey().encode(pub, 0);
        } else if (curve == EcCurves.X25519) {
            X25519.generatePublicKey(secret, 0, pub, 0);
        } else {
            X448.generatePublicKey(secret, 0, pub, 0);
        }
        return pub;
    }

    /** X25519 or X448 with the key's curve; an all-zero result (small-order point) is refused. */
    static byte[] x25519Or448(ObjectRecord key, byte[] publicData) {
        EcCurves.Curve curve = Keys.curve(key, EcCurves.Form.MONTGOMERY);
        byte[] other = EcCurves.rawPublic(curve, publicData);
        if (other == null) {
            throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "the other party's public value has the wrong length");
        }
        byte[] z = new byte[curve.encodedLength()];
        boolean ok = key.withValue(CKA.VALUE, k -> curve == EcCurves.X25519
                ? X25519.calculateAgreement(k, 0, other, 0, z, 0)
                : X448.calculateAgreement(k, 0, other, 0, z, 0));
        if (!ok) {
            Arrays.fill(z, (byte) 0);
            throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "the other party's public value is of small order");
        }
        return z;
    }
}
