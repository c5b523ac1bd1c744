package org.p11plug.engine.internal.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.util.BigIntegers;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.ck.CKZ;
import org.p11plug.api.param.MechanismParameter;
import org.p11plug.api.param.RsaPkcsOaepParameter;
import org.p11plug.api.param.RsaPkcsPssParameter;
import org.p11plug.engine.internal.Ck;
import org.p11plug.spi.crypto.SoftwareCrypto;
import org.p11plug.spi.store.StoredValue;

/**
 * RSA (mechanisms specification, "RSA"): PKCS #1 v1.5 and PSS signatures, with and without
 * hashing; raw RSA (X.509); PKCS #1 v1.5 and OAEP encryption; OAEP key wrapping; key pair
 * generation. The private-key operation is Bouncy Castle's blinded RSA; PKCS #1 v1.5 padding is
 * done here, and removed in constant time.
 */
final class RsaMechanisms {
    static final long MIN_BITS = 1024;
    static final long MAX_BITS = 8192;
    private static final SecureRandom RANDOM = SoftwareCrypto.random();
    private static final BigInteger F4 = BigInteger.valueOf(65537);

    private RsaMechanisms() {
    }

    static void register(Mechanisms m) {
        m.add(rsa(CKM.RSA_PKCS_KEY_PAIR_GEN).generatePair(CKK.RSA, RsaMechanisms::generate));
        m.add(rsa(CKM.RSA_PKCS).singlePartOnly()
                .sign((p, k) -> signing(p, () -> new RawPkcs1(Keys.rsaPrivate(k), null)))
                .verify((p, k) -> verifying(p, () -> new RawPkcs1(Keys.rsaPublic(k), null)))
                .encrypt((p, k) -> RsaCipher.pkcs1(noParameter(p), Keys.rsaPublic(k)))
                .decrypt((p, k) -> RsaCipher.pkcs1(noParameter(p), Keys.rsaPrivate(k))));
        m.add(rsa(CKM.RSA_X_509).singlePartOnly()
                .sign((p, k) -> signing(p, () -> new RawRsa(Keys.rsaPrivate(k))))
                .verify((p, k) -> verifying(p, () -> new RawRsa(Keys.rsaPublic(k))))
                .encrypt((p, k) -> RsaCipher.raw(noParameter(p), Keys.rsaPublic(k)))
                .decrypt((p, k) -> RsaCipher.raw(noParameter(p), Keys.rsaPrivate(k))));
        m.add(rsa(CKM.RSA_PKCS_OAEP).singlePartOnly()
                .encrypt((p, k) -> RsaCipher.oaep(oaep(p), Keys.rsaPublic(k)))
                .decrypt((p, k) -> RsaCipher.oaep(oaep(p), Keys.rsaPrivate(k)))
                .wrap((p, k, key) -> RsaCipher.oaepWrap(oaep(p), Keys.rsaPublic(k), key),
                        (p, k, wrapped) -> RsaCipher.oaepUnwrap(oaep(p), Keys.rsaPrivate(k), wrapped)));
        m.add(rsa(CKM.RSA_PKCS_PSS).singlePartOnly()
                .sign((p, k) -> SignatureOperations.signing(new Pss(Keys.rsaPrivate(k), pss(p, null))))
                .verify((p, k) -> SignatureOperations.verifying(new Pss(Keys.rsaPublic(k), pss(p, null)))));
        for (Hashes.Hash h : List.of(Hashes.SHA1, Hashes.SHA224, Hashes.SHA256, Hashes.SHA384, Hashes.SHA512,
                Hashes.SHA3_224, Hashes.SHA3_256, Hashes.SHA3_384, Hashes.SHA3_512)) {
            m.add(rsa(pkcs1Mechanism(h))
                    .sign((p, k) -> signing(p, () -> new HashedSigner(h, new RawPkcs1(Keys.rsaPrivate(k), h))))
                    .verify((p, k) -> verifying(p, () -> new HashedSigner(h, new RawPkcs1(Keys.rsaPublic(k), h)))));
            m.add(rsa(pssMechanism(h))
                    .sign((p, k) -> SignatureOperations.signing(new HashedSigner(h, new Pss(Keys.rsaPrivate(k), pss(p, h)))))
                    .verify((p, k) -> SignatureOperations.verifying(new HashedSigner(h, new Pss(Keys.rsaPublic(k), pss(p, h))))));
        }
    }

    private static MechanismDef.Builder rsa(long type) {
        return MechanismDef.builder(type).bits(MIN_BITS, MAX_BITS).keyPairs(CKK.RSA);
    }

    static long pkcs1Mechanism(Hashes.Hash h) {
        return h == Hashes.SHA1 ? CKM.SHA1_RSA_PKCS : h == Hashes.SHA224 ? CKM.SHA224_RSA_PKCS
                : h == Hashes.SHA256 ? CKM.SHA256_RSA_PKCS : h == Hashes.SHA384 ? CKM.SHA384_RSA_PKCS
                : h == Hashes.SHA512 ? CKM.SHA512_RSA_PKCS : h == Hashes.SHA3_224 ? CKM.SHA3_224_RSA_PKCS
                : h == Hashes.SHA3_256 ? CKM.SHA3_256_RSA_PKCS : h == Hashes.SHA3_384 ? CKM.SHA3_384_RSA_PKCS
                : CKM.SHA3_512_RSA_PKCS;
    }

    static long pssMechanism(Hashes.Hash h) {
        return h == Hashes.SHA1 ? CKM.SHA1_RSA_PKCS_PSS : h == Hashes.SHA224 ? CKM.SHA224_RSA_PKCS_PSS
                : h == Hashes.SHA256 ? CKM.SHA256_RSA_PKCS_PSS : h == Hashes.SHA384 ? CKM.SHA384_RSA_PKCS_PSS
                : h == Hashes.SHA512 ? CKM.SHA512_RSA_PKCS_PSS : h == Hashes.SHA3_224 ? CKM.SHA3_224_RSA_PKCS_PSS
                : h == Hashes.SHA3_256 ? CKM.SHA3_256_RSA_PKCS_PSS : h == Hashes.SHA3_384 ? CKM.SHA3_384_RSA_PKCS_PSS
                : CKM.SHA3_512_RSA_PKCS_PSS;
    }

    /** A signing operation for a mechanism without parameter: the parameter is checked before the key is read. */
    private static DataOperation signing(@Nullable MechanismParameter p, Supplier<MessageSigner> signer) {
        noParameter(p);
        return SignatureOperations.signing(signer.get());
    }

    private static VerifyOperation verifying(@Nullable MechanismParameter p, Supplier<MessageSigner> signer) {
        noParameter(p);
        return SignatureOperations.verifying(signer.get());
    }

    static @Nullable Void noParameter(@Nullable MechanismParameter p) {
        if (p != null) {
            throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "this mechanism takes no parameter");
        }
        return null;
    }

    /** The PSS parameter; for the hashing variants its hash must be the mechanism's. */
    private static RsaPkcsPssParameter pss(@Nullable MechanismParameter p, Hashes.@Nullable Hash mechanismHash) {
        if (!(p instanceof RsaPkcsPssParameter pss) || Hashes.byMechanism(pss.hashAlgorithm()) == null
                || Hashes.byMgf(pss.mgf()) == null || pss.saltLength() < 0 || pss.saltLength() > 1 << 16
                || (mechanismHash != null && pss.hashAlgorithm() != mechanismHash.mechanism())) {
            throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "CK_RSA_PKCS_PSS_PARAMS expected");
        }
        return pss;
    }

    private static RsaPkcsOaepParameter oaep(@Nullable MechanismParameter p) {
        if (!(p instanceof RsaPkcsOaepParameter o) || Hashes.byMechanism(o.hashAlgorithm()) == null
                || Hashes.byMgf(o.mgf()) == null || (o.source() != 0 && o.source() != CKZ.DATA_SPECIFIED)
                || (o.source() == 0 && o.sourceData() != null && o.sourceData().length > 0)) {
            throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "CK_RSA_PKCS_OAEP_PARAMS expected");
        }
        return o;
    }

    static int modulusBytes(RSAKeyParameters key) {
        return (key.getModulus().bitLength() + 7) / 8;
    }

    // ---- signatures ----

    /** The whole message in one piece, for schemes that sign it directly. */
    abstract static class WholeMessage implements MessageSigner {
        private byte @Nullable [] message;

        @Override
        public void update(byte[] part) {
            if (message != null) {
                throw Ck.fail(CKR.FUNCTION_NOT_SUPPORTED, "this mechanism is single-part only");
            }
            message = part.clone();
        }

        byte[] message() {
            return message == null ? new byte[0] : message;
        }

        @Override
        public void destroy() {
            if (message != null) {
                Arrays.fill(message, (byte) 0);
            }
        }
    }

    /**
     * PKCS #1 v1.5 signature (EMSA-PKCS1-v1_5): for CKM_RSA_PKCS the data is the DigestInfo (at
     * most k-11 bytes); for the hashing mechanisms the DigestInfo is built from the hash here.
     */
    private static final class RawPkcs1 extends WholeMessage {
        private final RSAKeyParameters key;
        private final Hashes.@Nullable Hash hash;

        RawPkcs1(RSAKeyParameters key, Hashes.@Nullable Hash hash) {
            this.key = key;
            this.hash = hash;
        }

        private byte[] encoded() {
            byte[] data = hash == null ? message() : concat(hash.digestInfoPrefix(), message());
            int k = modulusBytes(key);
            if (data.length > k - 11) {
                throw Ck.fail(CKR.DATA_LEN_RANGE, "PKCS #1 v1.5 takes at most k-11 bytes");
            }
            byte[] em = new byte[k];
            em[1] = 0x01;
            Arrays.fill(em, 2, k - data.length - 1, (byte) 0xff);
            System.arraycopy(data, 0, em, k - data.length, data.length);
            return em;
        }

        @Override
        public byte[] sign() {
            return privateOp(key, encoded());
        }

        @Override
        public void verify(byte[] signature) {
            byte[] recovered = publicOp(key, signature);
            if (!MessageDigest.isEqual(recovered, encoded())) {
                throw Ck.fail(CKR.SIGNATURE_INVALID);
            }
        }

        @Override
        public int signatureLength() {
            return modulusBytes(key);
        }
    }

    /** CKM_RSA_X_509: the data, zero-extended to k bytes, is the signature representative. */
    private static final class RawRsa extends WholeMessage {
        private final RSAKeyParameters key;

        RawRsa(RSAKeyParameters key) {
            this.key = key;
        }

        private byte[] representative() {
            int k = modulusBytes(key);
            byte[] data = message();
            if (data.length > k || new BigInteger(1, data).compareTo(key.getModulus()) >= 0) {
                throw Ck.fail(CKR.DATA_LEN_RANGE, "raw RSA input must be smaller than the modulus");
            }
            byte[] em = new byte[k];
            System.arraycopy(data, 0, em, k - data.length, data.length);
            return em;
        }

        @Override
        public byte[] sign() {
            return privateOp(key, representative());
        }

        @Override
        public void verify(byte[] signature) {
            if (!MessageDigest.isEqual(publicOp(key, signature), representative())) {
                throw Ck.fail(CKR.SIGNATURE_INVALID);
            }
        }

        @Override
        public int signatureLength() {
            return modulusBytes(key);
        }
    }

    /** RSASSA-PSS over a digest (the caller hashes); the digest's length must be the hash's. */
    private static final class Pss extends WholeMessage {
        private final RSAKeyParameters key;
        private final Hashes.Hash hash;
        private final Hashes.Hash mgf;
        private final int saltLength;

        Pss(RSAKeyParameters key, RsaPkcsPssParameter p) {
            this.key = key;
            this.hash = Hashes.byMechanism(p.hashAlgorithm());
            this.mgf = Hashes.byMgf(p.mgf());
            this.saltLength = (int) p.saltLength();
        }

        private PSSSigner signer(boolean forSigning) {
            PSSSigner s = PSSSigner.createRawSigner(new RsaPrimitive(), hash.newDigest(), mgf.newDigest(),
                    saltLength, PSSSigner.TRAILER_IMPLICIT);
            s.init(forSigning, forSigning ? new ParametersWithRandom(key, RANDOM) : key);
            byte[] digest = message();
            if (digest.length != hash.length()) {
                throw Ck.fail(CKR.DATA_LEN_RANGE, "PSS input must be a " + hash.jdkName() + " digest");
            }
            s.update(digest, 0, digest.length);
            return s;
        }

        @Override
        public byte[] sign() {
            PSSSigner signer = signer(true);
            try {
                return signer.generateSignature();
            } catch (CryptoException | RuntimeException e) {
                // Bouncy Castle's "encoding error": the modulus cannot hold the hash, the salt and the padding
                throw Ck.fail(CKR.KEY_SIZE_RANGE, "the key is too small for this hash and salt");
            }
        }

        @Override
        public void verify(byte[] signature) {
            if (signature.length != modulusBytes(key)) {
                throw Ck.fail(CKR.SIGNATURE_LEN_RANGE);
            }
            if (!signer(false).verifySignature(signature)) {
                throw Ck.fail(CKR.SIGNATURE_INVALID);
            }
        }

        @Override
        public int signatureLength() {
            return modulusBytes(key);
        }
    }

    /** The private-key operation (blinded, or on the token), output left-padded to k bytes. */
    static byte[] privateOp(RSAKeyParameters key, byte[] input) {
        RsaPrimitive engine = new RsaPrimitive();
        engine.init(true, new ParametersWithRandom(key, RANDOM));
        return pad(engine.processBlock(input, 0, input.length), modulusBytes(key));
    }

    /**
     * The public-key operation on a signature: k bytes long and smaller than the modulus, or
     * CKR_SIGNATURE_LEN_RANGE / CKR_SIGNATURE_INVALID.
     */
    static byte[] publicOp(RSAKeyParameters key, byte[] signature) {
        int k = modulusBytes(key);
        if (signature.length != k) {
            throw Ck.fail(CKR.SIGNATURE_LEN_RANGE, "RSA signatures are k bytes long");
        }
        if (new BigInteger(1, signature).compareTo(key.getModulus()) >= 0) {
            throw Ck.fail(CKR.SIGNATURE_INVALID);
        }
        RSABlindedEngine engine = new RSABlindedEngine();
        engine.init(false, key);
        return pad(engine.processBlock(signature, 0, signature.length), k);
    }

    static byte[] pad(byte[] b, int k) {
        if (b.length == k) {
            return b;
        }
        byte[] out = new byte[k];
        System.arraycopy(b, 0, out, k - b.length, b.length);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---- key pair generation ----

    private static KeyPairValues generate(@Nullable MechanismParameter p, GenerationRequest request) {
        noParameter(p);
        if (request.modulusBits() < MIN_BITS || request.modulusBits() > MAX_BITS) {
            throw Ck.fail(CKR.KEY_SIZE_RANGE, "RSA keys are " + MIN_BITS + " to " + MAX_BITS + " bits");
        }
        BigInteger e = request.publicExponent() == null ? F4 : new BigInteger(1, request.publicExponent());
        if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0)) {
            throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, "the public exponent must be odd and at least 3");
        }
        RSAKeyPairGenerator g = new RSAKeyPairGenerator();
        g.init(new RSAKeyGenerationParameters(e, RANDOM, (int) request.modulusBits(), 112));
        AsymmetricCipherKeyPair pair = g.generateKeyPair();
        RSAPrivateCrtKeyParameters k = (RSAPrivateCrtKeyParameters) pair.getPrivate();
        byte[] n = BigIntegers.asUnsignedByteArray(k.getModulus());
        byte[] pub = BigIntegers.asUnsignedByteArray(k.getPublicExponent());
        return new KeyPairValues(
                List.of(StoredValue.plain(CKA.MODULUS, n), StoredValue.plain(CKA.PUBLIC_EXPONENT, pub)),
                List.of(StoredValue.plain(CKA.MODULUS, n.clone()), StoredValue.plain(CKA.PUBLIC_EXPONENT, pub.clone()),
                        StoredValue.secret(CKA.PRIVATE_EXPONENT, BigIntegers.asUnsignedByteArray(k.getExponent())),
                        StoredValue.secret(CKA.PRIME_1, BigIntegers.asUnsignedByteArray(k.getP())),
                        StoredValue.secret(CKA.PRIME_2, BigIntegers.asUnsignedByteArray(k.getQ())),
                        StoredValue.secret(CKA.EXPONENT_1, BigIntegers.asUnsignedByteArray(k.getDP())),
                        StoredValue.secret(CKA.EXPONENT_2, BigIntegers.asUnsignedByteArray(k.getDQ())),
                        StoredValue.secret(CKA.COEFFICIENT, BigIntegers.asUnsignedByteArray(k.getQInv()))));
    }

    static OAEPEncoding oaepEncoding(RsaPkcsOaepParameter p) {
        Hashes.Hash hash = Hashes.byMechanism(p.hashAlgorithm());
        Hashes.Hash mgf = Hashes.byMgf(p.mgf());
        byte[] label = p.sourceData() == null ? new byte[0] : p.sourceData();
        return new OAEPEncoding(new RsaPrimitive(), hash.newDigest(), mgf.newDigest(), label);
    }
}
