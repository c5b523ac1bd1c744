package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.EdDSAParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Signer;
import org.p11plug.api.Verifier;
import org.p11plug.api.ck.CKG;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.param.EddsaParameter;
import org.p11plug.api.param.LongParameter;
import org.p11plug.api.param.RsaPkcsPssParameter;

/**
 * Every signature mechanism against the JDK's own providers, both ways: what the token signs,
 * SunRsaSign / SunEC / SunJCE verify; what they sign, the token verifies; a changed message
 * fails. Multi-part operations, fed in parts of varying sizes, agree with single-part ones.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class SignatureInteropTest extends CryptoTest {
    private static final byte[] MESSAGE = ("The quick brown fox jumps over the lazy dog, "
            + "and then signs what it did with every hash the token knows.").getBytes(StandardCharsets.UTF_8);

    static Stream<Hash> hashes() {
        return Stream.of(Hash.values());
    }

    /** The token's and the JDK's signatures of the message both verify on both sides; a changed message fails. */
    private void crossCheck(Mechanism mechanism, ObjectHandle privateKey, ObjectHandle publicKey, String jdkAlgorithm,
            AlgorithmParameterSpec spec, KeyPair pair, byte[] tokenInput, byte[] jdkInput) throws Exception {
        byte[] tokenSignature = session.sign(mechanism, privateKey, tokenInput);
        assertThat("JDK verifies the token's signature", jdkVerify(jdkAlgorithm, spec, pair, jdkInput, tokenSignature), is(true));
        assertThat("token verifies its own signature", session.verify(mechanism, publicKey, tokenInput, tokenSignature), is(true));

        byte[] jdkSignature = jdkSign(jdkAlgorithm, spec, pair, jdkInput);
        assertThat("token verifies the JDK's signature", session.verify(mechanism, publicKey, tokenInput, jdkSignature), is(true));

        byte[] changed = tokenInput.clone();
        changed[0] ^= 1; // the leading bytes: CKM_ECDSA uses only as much of a hash as the order has
        assertThat("a changed input fails", session.verify(mechanism, publicKey, changed, jdkSignature), is(false));
    }

    /** For the hashing mechanisms: multi-part signing verifies with the JDK, and multi-part verification accepts. */
    private void multiPart(Mechanism mechanism, ObjectHandle privateKey, ObjectHandle publicKey, String jdkAlgorithm,
            AlgorithmParameterSpec spec, KeyPair pair) throws Exception {
        byte[] signature;
        try (Signer signer = session.startSign(mechanism, privateKey)) {
            parts(MESSAGE).forEach(signer::update);
            signature = signer.sign();
        }
        assertThat(jdkVerify(jdkAlgorithm, spec, pair, MESSAGE, signature), is(true));
        try (Verifier verifier = session.startVerify(mechanism, publicKey)) {
            parts(MESSAGE).forEach(verifier::update);
            assertThat(verifier.verify(jdkSign(jdkAlgorithm, spec, pair, MESSAGE)), is(true));
        }
    }

    @ParameterizedTest
    @MethodSource("hashes")
    void rsaPkcs1WithHash(Hash h) throws Exception {
        KeyPair pair = JdkKeys.rsa2048();
        ObjectHandle priv = rsaPrivate(pair);
        ObjectHandle pub = rsaPublic(pair);
        Mechanism m = Mechanism.of(h.rsaPkcs);
        String jdk = h.signaturePrefix + "withRSA";
        crossCheck(m, priv, pub, jdk, null, pair, MESSAGE, MESSAGE);
        multiPart(m, priv, pub, jdk, null, pair);
        // PKCS #1 v1.5 is deterministic: the same bytes as the JDK
        assertThat(session.sign(m, priv, MESSAGE), is(jdkSign(jdk, null, pair, MESSAGE)));
    }

    @ParameterizedTest
    @MethodSource("hashes")
    void rsaPssWithHash(Hash h) throws Exception {
        KeyPair pair = JdkKeys.rsa2048();
        PSSParameterSpec spec = new PSSParameterSpec(h.jdk, "MGF1", new MGF1ParameterSpec(h.jdk), h.length, 1);
        Mechanism m = Mechanism.of(h.rsaPss, new RsaPkcsPssParameter(h.digest, h.mgf, h.length));
        ObjectHandle priv = rsaPrivate(pair);
        ObjectHandle pub = rsaPublic(pair);
        crossCheck(m, priv, pub, "RSASSA-PSS", spec, pair, MESSAGE, MESSAGE);
        multiPart(m, priv, pub, "RSASSA-PSS", spec, pair);
    }

    @ParameterizedTest
    @MethodSource("hashes")
    void rsaPssOnAHash(Hash h) throws Exception {
        KeyPair pair = JdkKeys.rsa2048();
        PSSParameterSpec spec = new PSSParameterSpec(h.jdk, "MGF1", new MGF1ParameterSpec(h.jdk), 20, 1);
        Mechanism m = Mechanism.of(CKM.RSA_PKCS_PSS, new RsaPkcsPssParameter(h.digest, h.mgf, 20));
        crossCheck(m, rsaPrivate(pair), rsaPublic(pair), "RSASSA-PSS", spec, pair, h.of(MESSAGE), MESSAGE);
    }

    @ParameterizedTest
    @MethodSource("hashes")
    void rsaPkcs1OnADigestInfo(Hash h) throws Exception {
        KeyPair pair = JdkKeys.rsa2048();
        byte[] digestInfo = digestInfo(h, h.of(MESSAGE));
        // NONEwithRSA pads what it is given, as CKM_RSA_PKCS does
        crossCheck(Mechanism.of(CKM.RSA_PKCS), rsaPrivate(pair), rsaPublic(pair), "NONEwithRSA", null, pair,
                digestInfo, digestInfo);
    }

    @ParameterizedTest
    @EnumSource(names = {"SHA256"})
    void rawRsaIsTheModularExponentiation(Hash h) throws Exception {
        KeyPair pair = JdkKeys.rsa2048();
        byte[] block = new byte[256];
        System.arraycopy(h.of(MESSAGE), 0, block, 256 - h.length, h.length);
        block[1] = 0x5a;
        byte[] signature = session.sign(Mechanism.of(CKM.RSA_X_509), rsaPrivate(pair), block);
        Cipher rsa = Cipher.getInstance("RSA/ECB/NoPadding");
        rsa.init(Cipher.ENCRYPT_MODE, pair.getPublic());
        assertThat("s^e mod n gives back the block", rsa.doFinal(signature), is(block));
        assertThat(session.verify(Mechanism.of(CKM.RSA_X_509), rsaPublic(pair), block, signature), is(true));
    }

    static Stream<Object[]> ecdsaCases() {
        return Stream.of(JdkKeys.P256, JdkKeys.P384, JdkKeys.P521)
                .flatMap(c -> Stream.of(Hash.values()).map(h -> new Object[] {c, h}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("ecdsaCases")
    void ecdsaWithHash(JdkKeys.Curve curve, Hash h) throws Exception {
        KeyPair pair = JdkKeys.pair(curve);
        ObjectHandle priv = ecPrivate(curve, pair);
        ObjectHandle pub = ecPublic(curve, pair);
        String jdk = h.signaturePrefix + "withECDSAinP1363Format";
        crossCheck(Mechanism.of(h.ecdsa), priv, pub, jdk, null, pair, MESSAGE, MESSAGE);
        multiPart(Mechanism.of(h.ecdsa), priv, pub, jdk, null, pair);
        assertThat("r || s, each the size of the order", session.sign(Mechanism.of(h.ecdsa), priv, MESSAGE).length,
                is(2 * curve.fieldBytes()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("ecdsaCases")
    void ecdsaOnAHash(JdkKeys.Curve curve, Hash h) throws Exception {
        KeyPair pair = JdkKeys.pair(curve);
        // NONEwithECDSA signs the hash it is given (truncated to the order's size, as CKM_ECDSA does)
        crossCheck(Mechanism.of(CKM.ECDSA), ecPrivate(curve, pair), ecPublic(curve, pair), "NONEwithECDSAinP1363Format",
                null, pair, h.of(MESSAGE), h.of(MESSAGE));
    }

    static Stream<JdkKeys.Curve> edwardsCurves() {
        return Stream.of(JdkKeys.ED25519, JdkKeys.ED448);
    }

    @ParameterizedTest
    @MethodSource("edwardsCurves")
    void eddsa(JdkKeys.Curve curve) throws Exception {
        KeyPair pair = JdkKeys.pair(curve);
        ObjectHandle priv = edPrivate(curve, pair);
        ObjectHandle pub = edPublic(curve, pair);
        crossCheck(Mechanism.of(CKM.EDDSA), priv, pub, curve.jdkName(), null, pair, MESSAGE, MESSAGE);
        multiPart(Mechanism.of(CKM.EDDSA), priv, pub, curve.jdkName(), null, pair);
    }

    @ParameterizedTest
    @MethodSource("edwardsCurves")
    void eddsaWithContextAndPrehash(JdkKeys.Curve curve) throws Exception {
        KeyPair pair = JdkKeys.pair(curve);
        byte[] context = "p11plug".getBytes(StandardCharsets.US_ASCII);
        for (boolean prehash : List.of(false, true)) {
            Mechanism m = Mechanism.of(CKM.EDDSA, new EddsaParameter(prehash, context));
            EdDSAParameterSpec spec = new EdDSAParameterSpec(prehash, context);
            crossCheck(m, edPrivate(curve, pair), edPublic(curve, pair), curve.jdkName(), spec, pair, MESSAGE, MESSAGE);
        }
    }

    @ParameterizedTest
    @MethodSource("hashes")
    void hmac(Hash h) throws Exception {
        byte[] keyBytes = Arrays.copyOf("a key for hmac of some length".getBytes(StandardCharsets.US_ASCII), 29);
        ObjectHandle key = generic(keyBytes);
        Mac jdk = Mac.getInstance(h.jdkHmac());
        jdk.init(new SecretKeySpec(keyBytes, "HMAC"));
        byte[] expected = jdk.doFinal(MESSAGE);

        assertThat(session.sign(Mechanism.of(h.hmac), key, MESSAGE), is(expected));
        try (Signer signer = session.startSign(Mechanism.of(h.hmac), key)) {
            parts(MESSAGE).forEach(signer::update);
            assertThat(signer.sign(), is(expected));
        }
        assertThat(session.verify(Mechanism.of(h.hmac), key, MESSAGE, expected), is(true));
        byte[] wrong = expected.clone();
        wrong[0] ^= 1;
        assertThat(session.verify(Mechanism.of(h.hmac), key, MESSAGE, wrong), is(false));

        Mechanism general = Mechanism.of(h.hmacGeneral, new LongParameter(12));
        assertThat(session.sign(general, key, MESSAGE), is(Arrays.copyOf(expected, 12)));
        assertThat(session.verify(general, key, MESSAGE, Arrays.copyOf(expected, 12)), is(true));
    }

    @ParameterizedTest
    @EnumSource(names = {"SHA256"})
    void pssWithAnotherMgfHashThanTheMessageHash(Hash h) throws Exception {
        KeyPair pair = JdkKeys.rsa2048();
        PSSParameterSpec spec = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1, 0, 1);
        Mechanism m = Mechanism.of(CKM.SHA256_RSA_PKCS_PSS, new RsaPkcsPssParameter(CKM.SHA256, CKG.MGF1_SHA1, 0));
        crossCheck(m, rsaPrivate(pair), rsaPublic(pair), "RSASSA-PSS", spec, pair, MESSAGE, MESSAGE);
    }

    /** The DER DigestInfo of a hash, from the prefixes of RFC 8017 section 9.2 (via the JDK's own encoding). */
    static byte[] digestInfo(Hash h, byte[] hash) throws GeneralSecurityException {
        // SHA-xwithRSA signs DigestInfo; recover it from a signature made by the JDK with a throwaway key
        KeyPair pair = JdkKeys.rsa2048();
        Signature s = Signature.getInstance(h.signaturePrefix + "withRSA");
        s.initSign(pair.getPrivate());
        s.update(MESSAGE);
        Cipher rsa = Cipher.getInstance("RSA/ECB/NoPadding");
        rsa.init(Cipher.ENCRYPT_MODE, pair.getPublic());
        byte[] block = rsa.doFinal(s.sign());
        int zero = 2;
        while (block[zero] != 0) {
            zero++;
        }
        byte[] info = Arrays.copyOfRange(block, zero + 1, block.length);
        assertThat(Arrays.copyOfRange(info, info.length - hash.length, info.length), is(h.of(MESSAGE)));
        System.arraycopy(hash, 0, info, info.length - hash.length, hash.length);
        return info;
    }

    static byte[] jdkSign(String algorithm, AlgorithmParameterSpec spec, KeyPair pair, byte[] data)
            throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm);
        if (spec != null) {
            s.setParameter(spec);
        }
        s.initSign(pair.getPrivate());
        s.update(data);
        return s.sign();
    }

    static boolean jdkVerify(String algorithm, AlgorithmParameterSpec spec, KeyPair pair, byte[] data, byte[] signature)
            throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm);
        if (spec != null) {
            s.setParameter(spec);
        }
        s.initVerify(pair.getPublic());
        s.update(data);
        return s.verify(signature);
    }
}
