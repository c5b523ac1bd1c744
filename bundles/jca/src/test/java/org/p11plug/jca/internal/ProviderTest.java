package org.p11plug.jca.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.p11plug.jca.P11plugProvider;

/**
 * The provider's services against the JDK's own providers, both ways: what the provider signs
 * the JDK verifies, what the JDK signs the provider verifies, and a changed byte fails both.
 */
class ProviderTest {
    static TokenFixture token;
    static KeyStore keyStore;
    static final byte[] DATA = "signed by a key that never leaves the token".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() throws Exception {
        token = new TokenFixture(2);
        keyStore = KeyStore.getInstance(P11plugProvider.KEYSTORE_TYPE, token.provider);
        keyStore.load(null, TokenFixture.PIN);
    }

    @AfterAll
    static void stop() throws Exception {
        token.close();
    }

    @Test
    void theKeyStoreListsKeysPairedWithTheirCertificates() throws Exception {
        assertThat(Collections.list(keyStore.aliases()), containsInAnyOrder("rsa", "ec", "ed"));
        for (String alias : List.of("rsa", "ec", "ed")) {
            assertThat(keyStore.isKeyEntry(alias), is(true));
            X509Certificate cert = (X509Certificate) keyStore.getCertificate(alias);
            assertThat(cert.getSubjectX500Principal().getName(), is("CN=" + alias));
            assertThat(keyStore.getCertificateChain(alias).length, is(1));
            PrivateKey key = (PrivateKey) keyStore.getKey(alias, null);
            assertThat("the key never leaves the token", key.getEncoded(), nullValue());
            cert.verify(cert.getPublicKey()); // Bouncy Castle built it, signing through the provider
        }
        assertThat(((RSAKey) keyStore.getKey("rsa", null)).getModulus().bitLength(), is(2048));
        assertThat(((ECKey) keyStore.getKey("ec", null)).getParams().getOrder().bitLength(), is(256));
    }

    @Test
    void aWrongPinIsAnUnrecoverableKey() throws Exception {
        // a provider of its own: one already logged in does not check a PIN again (PKCS#11 cannot
        // without logging out every session of the application)
        try (P11plugProvider fresh = new P11plugProvider(token.engine.service("fresh"), 0, 1)) {
            KeyStore other = KeyStore.getInstance(P11plugProvider.KEYSTORE_TYPE, fresh);
            IOException e = assertThrows(IOException.class, () -> other.load(null, "654321".toCharArray()));
            assertThat(e.getCause(), instanceOf(UnrecoverableKeyException.class));
            other.load(null, null);
            assertThat("without login, no private key", other.isKeyEntry("rsa"), is(false));
            assertThat("but the public certificate", other.isCertificateEntry("rsa"), is(true));
            other.load(null, TokenFixture.PIN);
            assertThat(other.isKeyEntry("rsa"), is(true));
        }
    }

    @ParameterizedTest
    @CsvSource({"rsa,SHA256withRSA", "rsa,SHA1withRSA", "rsa,SHA384withRSA", "rsa,SHA512withRSA", "rsa,SHA3-256withRSA",
        "ec,SHA256withECDSA", "ec,SHA384withECDSA", "ec,SHA512withECDSA", "ec,SHA1withECDSA", "ed,Ed25519"})
    void signaturesVerifyBothWays(String alias, String algorithm) throws Exception {
        PrivateKey key = (PrivateKey) keyStore.getKey(alias, null);
        PublicKey publicKey = keyStore.getCertificate(alias).getPublicKey();
        Signature signer = Signature.getInstance(algorithm, token.provider);
        signer.initSign(key);
        signer.update(DATA);
        byte[] signature = signer.sign();
        assertThat("the JDK verifies the provider's signature", jdkVerifies(algorithm, publicKey, DATA, signature), is(true));

        KeyPair jdkPair = jdkPair(alias);
        Signature jdk = Signature.getInstance(algorithm);
        jdk.initSign(jdkPair.getPrivate());
        jdk.update(DATA);
        byte[] jdkSignature = jdk.sign();
        Signature verifier = Signature.getInstance(algorithm, token.provider);
        verifier.initVerify(jdkPair.getPublic());
        verifier.update(DATA);
        assertThat("the provider verifies the JDK's signature", verifier.verify(jdkSignature), is(true));
        jdkSignature[jdkSignature.length - 1] ^= 1;
        verifier.update(DATA);
        assertThat(verifier.verify(jdkSignature), is(false));
    }

    @ParameterizedTest
    @CsvSource({"rsa,SHA256withRSA", "ec,SHA256withECDSA", "ed,Ed25519"})
    void bouncyCastlesCmsSignsWithATokenKey(String alias, String algorithm) throws Exception {
        X509Certificate cert = (X509Certificate) keyStore.getCertificate(alias);
        org.bouncycastle.cms.CMSSignedDataGenerator generator = new org.bouncycastle.cms.CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder(
                new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder().build())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(algorithm).setProvider(token.provider)
                        .build((PrivateKey) keyStore.getKey(alias, null)), cert));
        generator.addCertificate(new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(cert));
        org.bouncycastle.cms.CMSSignedData signed = generator.generate(new org.bouncycastle.cms.CMSProcessableByteArray(DATA), true);
        org.bouncycastle.cms.CMSSignedData parsed = new org.bouncycastle.cms.CMSSignedData(signed.getEncoded());
        org.bouncycastle.cms.SignerInformation signer = parsed.getSignerInfos().getSigners().iterator().next();
        assertThat("the CMS signature verifies with the JDK's providers", signer.verify(
                new org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder().build(cert)), is(true));
    }

    @Test
    void pssTakesItsParametersAndVerifiesBothWays() throws Exception {
        PSSParameterSpec spec = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
        Signature signer = Signature.getInstance("RSASSA-PSS", token.provider);
        signer.setParameter(spec);
        signer.initSign((PrivateKey) keyStore.getKey("rsa", null));
        signer.update(DATA);
        byte[] signature = signer.sign();
        Signature jdk = Signature.getInstance("RSASSA-PSS");
        jdk.setParameter(spec);
        jdk.initVerify(keyStore.getCertificate("rsa").getPublicKey());
        jdk.update(DATA);
        assertThat(jdk.verify(signature), is(true));

        KeyPair pair = jdkPair("rsa");
        jdk.initSign(pair.getPrivate());
        jdk.update(DATA);
        byte[] jdkSignature = jdk.sign();
        Signature verifier = Signature.getInstance("RSASSA-PSS", token.provider);
        verifier.setParameter(spec);
        verifier.initVerify(pair.getPublic());
        verifier.update(DATA);
        assertThat(verifier.verify(jdkSignature), is(true));
    }

    @Test
    void keysOfOtherProvidersAreRefusedForSigning() throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA", token.provider);
        assertThrows(java.security.InvalidKeyException.class, () -> signer.initSign(jdkPair("ec").getPrivate()));
        assertThrows(java.security.InvalidKeyException.class,
                () -> signer.initSign((PrivateKey) keyStore.getKey("rsa", null)));
    }

    @Test
    void verificationLeavesNoObjectBehind() throws Exception {
        long before = token.engine.status().sessionObjectCount();
        KeyPair pair = jdkPair("ec");
        for (int i = 0; i < 20; i++) {
            Signature verifier = Signature.getInstance("SHA256withECDSA", token.provider);
            verifier.initVerify(pair.getPublic());
            verifier.update(DATA);
            verifier.verify(new byte[] {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01});
        }
        assertThat(token.engine.status().sessionObjectCount(), is(before));
    }

    @ParameterizedTest
    @CsvSource({"SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512", "SHA3-256", "SHA3-512"})
    void digestsEqualTheJdks(String algorithm) throws Exception {
        MessageDigest ours = MessageDigest.getInstance(algorithm, token.provider);
        ours.update(DATA, 0, 10);
        MessageDigest copy = (MessageDigest) ours.clone();
        ours.update(DATA, 10, DATA.length - 10);
        assertThat(ours.digest(), equalTo(MessageDigest.getInstance(algorithm).digest(DATA)));
        assertThat(copy.digest(), equalTo(MessageDigest.getInstance(algorithm).digest(java.util.Arrays.copyOf(DATA, 10))));
    }

    @Test
    void theTokensRandomNumbers() throws Exception {
        SecureRandom random = SecureRandom.getInstance("PKCS11", token.provider);
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        random.nextBytes(a);
        random.nextBytes(b);
        assertThat(a, not(equalTo(b)));
        assertThat(random.generateSeed(16).length, is(16));
    }

    @Test
    void oneProviderServesManyThreadsWithAFewSessions() throws Exception {
        PrivateKey key = (PrivateKey) keyStore.getKey("ec", null);
        PublicKey publicKey = keyStore.getCertificate("ec").getPublicKey();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        Signature s = Signature.getInstance("SHA256withECDSA", token.provider);
                        s.initSign(key);
                        s.update(DATA);
                        assertThat(jdkVerifies("SHA256withECDSA", publicKey, DATA, s.sign()), is(true));
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    static boolean jdkVerifies(String algorithm, PublicKey key, byte[] data, byte[] signature) throws Exception {
        Signature v = Signature.getInstance(algorithm);
        v.initVerify(key);
        v.update(data);
        return v.verify(signature);
    }

    private static KeyPair jdkPair(String alias) throws Exception {
        switch (alias) {
            case "rsa": {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                return g.generateKeyPair();
            }
            case "ec": {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                return g.generateKeyPair();
            }
            default:
                return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        }
    }
}
