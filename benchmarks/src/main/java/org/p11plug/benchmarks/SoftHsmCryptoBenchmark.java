package org.p11plug.benchmarks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKM;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_GCM_PARAMS;
import sun.security.pkcs11.wrapper.CK_MECHANISM;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * The crypto operations through SoftHSMv2's PKCS#11 interface: {@code C_SignInit} + {@code C_Sign},
 * {@code C_VerifyInit} + {@code C_Verify}, {@code C_EncryptInit} + {@code C_Encrypt} on 1 KiB
 * ({@link CryptoInputs}), with session keys generated in the token once per trial. Each benchmark
 * takes only the key state it uses, so a fork generates only its own key.
 *
 * <p>SoftHSM 2.6 has no {@code CKM_ECDSA_SHA256}: {@link #signEcdsaP256} hashes the message with
 * SHA-256 in Java, inside the measured time, and signs the hash with {@code CKM_ECDSA}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(jvmArgsAppend = SoftHsmFixture.JVM_ARGS)
public class SoftHsmCryptoBenchmark {
    private static final byte[] P256_OID = {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07};
    private static final byte[] ED25519_OID = {0x06, 0x03, 0x2B, 0x65, 0x70};

    private static final CK_MECHANISM SHA256_RSA_PKCS = new CK_MECHANISM(CKM.SHA256_RSA_PKCS);
    private static final CK_MECHANISM ECDSA = new CK_MECHANISM(CKM.ECDSA);
    private static final CK_MECHANISM EDDSA = new CK_MECHANISM(CKM.EDDSA);
    private static final CK_MECHANISM SHA256_HMAC = new CK_MECHANISM(CKM.SHA256_HMAC);

    /** The logged-in session the keys live in: session objects, destroyed when it closes. */
    @State(Scope.Benchmark)
    public static class Token {
        final byte[] message = CryptoInputs.message();
        SoftHsmFixture fixture;

        @Setup(Level.Trial)
        public void open() {
            fixture = new SoftHsmFixture();
        }

        @TearDown(Level.Trial)
        public void close() {
            fixture.close();
        }

        /** Returns {public key, private key}, both session objects. */
        long[] generateKeyPair(long mechanism, CK_ATTRIBUTE[] publicTemplate, CK_ATTRIBUTE[] privateTemplate)
                throws PKCS11Exception {
            fixture.require(mechanism);
            return fixture.p11.C_GenerateKeyPair(fixture.session, new CK_MECHANISM(mechanism), publicTemplate,
                    privateTemplate);
        }

        long generateKey(long mechanism, CK_ATTRIBUTE[] template) throws PKCS11Exception {
            fixture.require(mechanism);
            return fixture.p11.C_GenerateKey(fixture.session, new CK_MECHANISM(mechanism), template);
        }

        byte[] sign(CK_MECHANISM mechanism, long key, byte[] data) throws PKCS11Exception {
            fixture.p11.C_SignInit(fixture.session, mechanism, key);
            return fixture.p11.C_Sign(fixture.session, data);
        }

        /** Throws {@link PKCS11Exception} ({@code CKR_SIGNATURE_INVALID}) when the signature does not verify. */
        void verify(CK_MECHANISM mechanism, long key, byte[] data, byte[] signature) throws PKCS11Exception {
            fixture.p11.C_VerifyInit(fixture.session, mechanism, key);
            fixture.p11.C_Verify(fixture.session, data, signature);
        }
    }

    private static CK_ATTRIBUTE[] signingKey() {
        return new CK_ATTRIBUTE[] {
            new CK_ATTRIBUTE(CKA.TOKEN, false),
            new CK_ATTRIBUTE(CKA.PRIVATE, true),
            new CK_ATTRIBUTE(CKA.SENSITIVE, true),
            new CK_ATTRIBUTE(CKA.SIGN, true)
        };
    }

    @State(Scope.Benchmark)
    public static class Rsa2048 {
        long publicKey;
        long privateKey;
        byte[] signature;

        @Setup(Level.Trial)
        public void generate(Token token) throws PKCS11Exception {
            token.fixture.require(CKM.SHA256_RSA_PKCS);
            long[] keys = token.generateKeyPair(CKM.RSA_PKCS_KEY_PAIR_GEN, new CK_ATTRIBUTE[] {
                new CK_ATTRIBUTE(CKA.TOKEN, false),
                new CK_ATTRIBUTE(CKA.VERIFY, true),
                new CK_ATTRIBUTE(CKA.MODULUS_BITS, 2048L),
                new CK_ATTRIBUTE(CKA.PUBLIC_EXPONENT, new byte[] {1, 0, 1})
            }, signingKey());
            publicKey = keys[0];
            privateKey = keys[1];
            signature = token.sign(SHA256_RSA_PKCS, privateKey, token.message);
        }
    }

    @State(Scope.Benchmark)
    public static class EcdsaP256 {
        MessageDigest sha256;
        long publicKey;
        long privateKey;
        byte[] signature;

        @Setup(Level.Trial)
        public void generate(Token token) throws PKCS11Exception, NoSuchAlgorithmException {
            sha256 = MessageDigest.getInstance("SHA-256");
            token.fixture.require(CKM.ECDSA);
            long[] keys = token.generateKeyPair(CKM.EC_KEY_PAIR_GEN, new CK_ATTRIBUTE[] {
                new CK_ATTRIBUTE(CKA.TOKEN, false),
                new CK_ATTRIBUTE(CKA.VERIFY, true),
                new CK_ATTRIBUTE(CKA.EC_PARAMS, P256_OID)
            }, signingKey());
            publicKey = keys[0];
            privateKey = keys[1];
            signature = token.sign(ECDSA, privateKey, sha256.digest(token.message));
        }
    }

    @State(Scope.Benchmark)
    public static class Ed25519 {
        long privateKey;

        @Setup(Level.Trial)
        public void generate(Token token) throws PKCS11Exception {
            token.fixture.require(CKM.EDDSA);
            privateKey = token.generateKeyPair(CKM.EC_EDWARDS_KEY_PAIR_GEN, new CK_ATTRIBUTE[] {
                new CK_ATTRIBUTE(CKA.TOKEN, false),
                new CK_ATTRIBUTE(CKA.VERIFY, true),
                new CK_ATTRIBUTE(CKA.EC_PARAMS, ED25519_OID)
            }, signingKey())[1];
        }
    }

    @State(Scope.Benchmark)
    public static class HmacKey {
        long key;

        @Setup(Level.Trial)
        public void generate(Token token) throws PKCS11Exception {
            token.fixture.require(CKM.SHA256_HMAC);
            key = token.generateKey(CKM.GENERIC_SECRET_KEY_GEN, new CK_ATTRIBUTE[] {
                new CK_ATTRIBUTE(CKA.TOKEN, false),
                new CK_ATTRIBUTE(CKA.SENSITIVE, true),
                new CK_ATTRIBUTE(CKA.SIGN, true),
                new CK_ATTRIBUTE(CKA.VALUE_LEN, 32L)
            });
        }
    }

    @State(Scope.Benchmark)
    public static class AesKey {
        long key;
        long encryptions;

        @Setup(Level.Trial)
        public void generate(Token token) throws PKCS11Exception {
            token.fixture.require(CKM.AES_GCM);
            key = token.generateKey(CKM.AES_KEY_GEN, new CK_ATTRIBUTE[] {
                new CK_ATTRIBUTE(CKA.TOKEN, false),
                new CK_ATTRIBUTE(CKA.SENSITIVE, true),
                new CK_ATTRIBUTE(CKA.ENCRYPT, true),
                new CK_ATTRIBUTE(CKA.VALUE_LEN, 16L)
            });
        }
    }

    @Benchmark
    public byte[] signRsa2048(Token token, Rsa2048 rsa) throws PKCS11Exception {
        return token.sign(SHA256_RSA_PKCS, rsa.privateKey, token.message);
    }

    @Benchmark
    public void verifyRsa2048(Token token, Rsa2048 rsa) throws PKCS11Exception {
        token.verify(SHA256_RSA_PKCS, rsa.publicKey, token.message, rsa.signature);
    }

    @Benchmark
    public byte[] signEcdsaP256(Token token, EcdsaP256 ec) throws PKCS11Exception {
        return token.sign(ECDSA, ec.privateKey, ec.sha256.digest(token.message));
    }

    @Benchmark
    public void verifyEcdsaP256(Token token, EcdsaP256 ec) throws PKCS11Exception {
        token.verify(ECDSA, ec.publicKey, ec.sha256.digest(token.message), ec.signature);
    }

    @Benchmark
    public byte[] signEd25519(Token token, Ed25519 ed) throws PKCS11Exception {
        return token.sign(EDDSA, ed.privateKey, token.message);
    }

    @Benchmark
    public byte[] hmacSha256(Token token, HmacKey hmac) throws PKCS11Exception {
        return token.sign(SHA256_HMAC, hmac.key, token.message);
    }

    /** A new IV each time, as GCM requires (see {@link CryptoInputs#gcmIv}). */
    @Benchmark
    public byte[] encryptAesGcm1k(Token token, AesKey aes) throws PKCS11Exception {
        CK_MECHANISM gcm = new CK_MECHANISM(CKM.AES_GCM,
                new CK_GCM_PARAMS(CryptoInputs.GCM_TAG_BITS, CryptoInputs.gcmIv(++aes.encryptions), null));
        token.fixture.p11.C_EncryptInit(token.fixture.session, gcm, aes.key);
        byte[] out = new byte[CryptoInputs.MESSAGE_BYTES + CryptoInputs.GCM_TAG_BITS / 8];
        int length = token.fixture.p11.C_Encrypt(token.fixture.session, 0, token.message, 0, token.message.length,
                0, out, 0, out.length);
        if (length != out.length) {
            throw new IllegalStateException("AES-GCM gave " + length + " bytes, not " + out.length);
        }
        return out;
    }
}
