package org.p11plug.jca.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p11plug.jca.P11KeyGenParameterSpec;
import org.p11plug.jca.P11plugProvider;
import org.p11plug.virtualpiv.Pcscd;
import org.p11plug.virtualpiv.VirtualPivCard;
import org.p11plug.virtualpiv.VpcdConnection;

/**
 * jarsigner with a key on a smart card: the virtual PIV card behind a real pcscd (vpcd port
 * 40091). The provider, configured by file for PC/SC, generates a P-256 key in the card's PIV
 * authentication slot (9A), Bouncy Castle certifies it through the provider and the KeyStore
 * writes the certificate to the card; then jarsigner, in its own process, signs with that key
 * and {@code jarsigner -verify} accepts the jar.
 */
class JdkToolsPivTest {
    static Pcscd pcscd;
    static VpcdConnection inserted;
    static Path work;
    static Path config;
    static String alias;

    @BeforeAll
    static void cardWithACertifiedKey() throws Exception {
        Optional<String> unavailable = Pcscd.unavailable();
        if (unavailable.isPresent()) {
            Assertions.assertFalse("1".equals(System.getenv("P11PLUG_REQUIRE_PCSC")), unavailable.get());
            Assumptions.abort(unavailable.get());
        }
        work = Files.createDirectories(Path.of("target", "jca-piv").toAbsolutePath());
        pcscd = Pcscd.start(work, 40091);
        inserted = VpcdConnection.insert(VirtualPivCard.inMemory(), "127.0.0.1", pcscd.port());
        config = work.resolve("p11plug-piv.properties");
        Files.writeString(config, "backend = pcsc\nwait.seconds = 20\n");

        P11plugProvider provider = (P11plugProvider) new P11plugProvider().configure(config.toString());
        try {
            KeyStore ks = KeyStore.getInstance(P11plugProvider.KEYSTORE_TYPE, provider);
            ks.load(null, "123456".toCharArray());
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", provider);
            g.initialize(P11KeyGenParameterSpec.onToken(new ECGenParameterSpec("secp256r1"), "jar signer",
                    new byte[] {1})); // CKA_ID 01: PIV slot 9A
            KeyPair pair = g.generateKeyPair();
            X500Name name = new X500Name("CN=jar signer on a PIV card");
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    name, BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minusSeconds(60)),
                    Date.from(Instant.now().plusSeconds(86400)), name, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(provider).build(pair.getPrivate())));
            ks.setKeyEntry("jar signer", pair.getPrivate(), null, new X509Certificate[] {cert});
            alias = ks.getCertificateAlias(cert);
            assertThat("the entry is on the card", alias, notNullValue());
        } finally {
            provider.close();
        }
        JdkToolsTest.unsignedJar(work.resolve("app.jar"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (inserted != null) {
            inserted.close();
        }
        if (pcscd != null) {
            pcscd.close();
        }
    }

    @Test
    void jarsignerSignsWithAKeyOnTheCardAndTheSignatureVerifies() throws Exception {
        Path signed = work.resolve("app-piv.jar");
        String classPath = System.getProperty("java.class.path");
        String list = JdkToolsTest.run(JdkToolsTest.tool("keytool"), "-list", "-keystore", "NONE", "-storetype",
                P11plugProvider.KEYSTORE_TYPE, "-providerClass", P11plugProvider.class.getName(), "-providerArg",
                config.toString(), "-providerPath", classPath, "-storepass", "123456");
        assertThat(list, containsString(alias + ", "));
        JdkToolsTest.run(JdkToolsTest.tool("jarsigner"), "-J-cp", "-J" + classPath, "-keystore", "NONE",
                "-storetype", P11plugProvider.KEYSTORE_TYPE, "-providerClass", P11plugProvider.class.getName(),
                "-providerArg", config.toString(), "-storepass", "123456",
                "-signedjar", signed.toString(), work.resolve("app.jar").toString(), alias);
        String out = JdkToolsTest.run(JdkToolsTest.tool("jarsigner"), "-verify", "-verbose", "-certs", signed.toString());
        assertThat(out, containsString("jar verified."));
        assertThat(out, containsString("CN=jar signer on a PIV card"));
    }
}
