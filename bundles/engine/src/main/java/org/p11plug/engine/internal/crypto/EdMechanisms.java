package org.p11plug.engine.internal.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PublicKeyParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Xof;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc7748.X448;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.math.ec.rfc8032.Ed448;
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
import org.p11plug.spi.crypto.SoftwareCrypto;
import org.p11plug.spi.store.StoredValue;

/**
 * Edwards and Montgomery curves (RFC 8032, RFC 7748): EdDSA signatures (Ed25519, Ed25519ctx,
 * Ed25519ph, Ed448, Ed448ph, chosen by CK_EDDSA_PARAMS), key pair generation for both forms, and
 * X25519 / X448 agreement for ECDH1. Keys are the RFCs' little-endian byte strings; this token
 * writes CKA_EC_POINT raw, as the specification defines it, and reads the DER OCTET STRING form
 * other tokens write as well.
 */
final class EdMechanisms {
    private static final SecureRandom RANDOM = SoftwareCrypto.random();
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
     * EdDSA (RFC 8032): Ed25519, Ed25519ctx and Ed25519ph, Ed448 and Ed448ph, chosen by the curve
     * and CK_EDDSA_PARAMS. The pure schemes must see the whole message, so multi-part input is
     * held in a bounded buffer; the pre-hashed schemes stream into their hash. Signing passes
     * the key's public half, derived once per key object, so that a signature costs one scalar
     * multiplication rather than two.
     */
    private static final class EdDsa implements MessageSigner {
        private final EcCurves.Curve curve;
        private final boolean forSigning;
        private final boolean prehash;
        private final boolean explicitParams;
        private final byte[] context;
        private final ObjectRecord key;
        private final @Nullable Xof prehashXof;
        private final @Nullable Digest prehashDigest;
        private final BoundedBuffer message = new BoundedBuffer(BoundedBuffer.DEFAULT_LIMIT, CKR.DATA_LEN_RANGE);
        private final byte @Nullable [] signingPublic;
        private final @Nullable Ed25519PublicKeyParameters ed25519Public;
        private final @Nullable Ed448PublicKeyParameters ed448Public;

        EdDsa(@Nullable MechanismParameter p, ObjectRecord key, boolean forSigning) {
            if (p != null && !(p instanceof EddsaParameter)) {
                throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "CK_EDDSA_PARAMS expected");
            }
            EddsaParameter params = (EddsaParameter) p;
            this.context = params == null || params.context() == null ? new byte[0] : params.context().clone();
            if (context.length > 255) {
                throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "EdDSA contexts are at most 255 bytes");
            }
            this.curve = Keys.curve(key, EcCurves.Form.EDWARDS);
            this.key = key;
            this.forSigning = forSigning;
            this.prehash = params != null && params.prehash();
            this.explicitParams = params != null;
            boolean ed25519 = curve == EcCurves.ED25519;
            this.prehashDigest = prehash && ed25519 ? Ed25519.createPrehash() : null;
            this.prehashXof = prehash && !ed25519 ? Ed448.createPrehash() : null;
            if (forSigning) {
                // the public half, which RFC 8032 signing hashes: derived from the secret once per key
                this.signingPublic = key.derivedPublic(PublicHalf.RAW,
                        k -> k.withValue(CKA.VALUE, v -> publicFromPrivate(curve, seed(v))));
                this.ed25519Public = null;
                this.ed448Public = null;
            } else {
                // the parsed public key (Bouncy Castle decodes and checks the point): once per key
                Object pub = key.derivedPublic(PublicHalf.PARSED, k -> {
                    byte[] raw = Keys.rawPublic(k, EcCurves.Form.EDWARDS);
                    return ed25519 ? new Ed25519PublicKeyParameters(raw) : new Ed448PublicKeyParameters(raw);
                });
                this.signingPublic = null;
                this.ed25519Public = ed25519 ? (Ed25519PublicKeyParameters) pub : null;
                this.ed448Public = ed25519 ? null : (Ed448PublicKeyParameters) pub;
            }
        }

        private byte[] seed(byte[] v) {
            if (v.length != curve.encodedLength()) {
                throw Ck.fail(CKR.KEY_TYPE_INCONSISTENT, curve.name() + " private keys are " + curve.encodedLength() + " bytes");
            }
            return v;
        }

        @Override
        public void update(byte[] part) {
            if (prehashDigest != null) {
                prehashDigest.update(part, 0, part.length);
            } else if (prehashXof != null) {
                prehashXof.update(part, 0, part.length);
            } else {
                message.append(part);
            }
        }

        /** What the RFC 8032 algorithm signs: the message, or its 64-byte pre-hash. */
        private byte[] input() {
            if (prehashDigest != null) {
                byte[] h = new byte[64];
                prehashDigest.doFinal(h, 0);
                return h;
            }
            if (prehashXof != null) {
                byte[] h = new byte[64];
                prehashXof.doFinal(h, 0, 64);
                return h;
            }
            return message.take();
        }

        @Override
        public byte[] sign() {
            byte[] m = input();
            byte[] pk = signingPublic;
            byte[] signature = new byte[signatureLength()];
            key.withValue(CKA.VALUE, v -> {
                byte[] sk = seed(v);
                if (curve == EcCurves.ED25519) {
                    if (prehash) {
                        Ed25519.signPrehash(sk, 0, pk, 0, context, m, 0, signature, 0);
                    } else if (context.length > 0 || prehashRequested()) {
                        Ed25519.sign(sk, 0, pk, 0, context, m, 0, m.length, signature, 0);
                    } else {
                        Ed25519.sign(sk, 0, pk, 0, m, 0, m.length, signature, 0);
                    }
                } else if (prehash) {
                    Ed448.signPrehash(sk, 0, pk, 0, context, m, 0, signature, 0);
                } else {
                    Ed448.sign(sk, 0, pk, 0, context, m, 0, m.length, signature, 0);
                }
                return null;
            });
            return signature;
        }

        /** A CK_EDDSA_PARAMS without prehash on Ed25519 asks for Ed25519ctx, even with an empty context. */
        private boolean prehashRequested() {
            return explicitParams;
        }

        @Override
        public void verify(byte[] signature) {
            if (signature.length != signatureLength()) {
                throw Ck.fail(CKR.SIGNATURE_LEN_RANGE);
            }
            byte[] m = input();
            boolean valid;
            if (ed25519Public != null) {
                int algorithm = prehash ? Ed25519.Algorithm.Ed25519ph
                        : context.length > 0 || prehashRequested() ? Ed25519.Algorithm.Ed25519ctx : Ed25519.Algorithm.Ed25519;
                valid = ed25519Public.verify(algorithm, algorithm == Ed25519.Algorithm.Ed25519 ? null : context,
                        m, 0, m.length, signature, 0);
            } else {
                valid = ed448Public.verify(prehash ? Ed448.Algorithm.Ed448ph : Ed448.Algorithm.Ed448, context,
                        m, 0, m.length, signature, 0);
            }
            if (!valid) {
                throw Ck.fail(CKR.SIGNATURE_INVALID);
            }
        }

        @Override
        public int signatureLength() {
            return curve == EcCurves.ED25519 ? 64 : 114;
        }

        @Override
        public void destroy() {
            message.erase();
        }
    }

    /** The kinds under which a key's public half is kept: raw bytes (to sign), parsed (to verify). */
    private enum PublicHalf { RAW, PARSED }

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
