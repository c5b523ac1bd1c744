package org.p11plug.jca.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p11plug.jca.P11KeyGenParameterSpec;
import org.p11plug.jca.P11plugProvider;

/** Writing through the KeyStore: entries land on the token at once and another load sees them. */
class KeyStoreWriteTest {
    static TokenFixture token;

    @BeforeAll
    static void start() throws Exception {
        token = new TokenFixture(2);
    }

    @AfterAll
    static void stop() throws Exception {
        token.close();
    }

    private static KeyStore load() throws Exception {
        KeyStore ks = KeyStore.getInstance(P11plugProvider.KEYSTORE_TYPE, token.provider);
        ks.load(null, TokenFixture.PIN);
        return ks;
    }

    @Test
    void aTokenKeyBecomesAnEntryWithItsCertificateAndIsDeleted() throws Exception {
        KeyStore ks = load();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", token.provider);
        g.initialize(P11KeyGenParameterSpec.onToken(new ECGenParameterSpec("secp256r1"), "unnamed", new byte[] {0x66}));
        KeyPair pair = g.generateKeyPair();
        X509Certificate cert = token.selfSigned(pair.getPrivate(), pair.getPublic(), "SHA256withECDSA", "CN=written");
        ks.setKeyEntry("written", pair.getPrivate(), null, new X509Certificate[] {cert});

        KeyStore again = load();
        assertThat(again.isKeyEntry("written"), is(true));
        assertThat(again.getCertificate("written"), is(cert));
        again.deleteEntry("written");
        assertThat(load().containsAlias("written"), is(false));
    }

    @Test
    void certificateEntriesAreWrittenAndDeleted() throws Exception {
        KeyStore ks = load();
        X509Certificate cert = (X509Certificate) ks.getCertificate("rsa");
        ks.setCertificateEntry("trusted", cert);
        assertThat(load().isCertificateEntry("trusted"), is(true));
        ks.deleteEntry("trusted");
        assertThat(load().containsAlias("trusted"), is(false));
        assertThat("the key entry sharing the certificate is untouched", load().isKeyEntry("rsa"), is(true));
    }

    @Test
    void keysFromElsewhereAreNotImported() throws Exception {
        KeyStore ks = load();
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("EC");
        jdk.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = jdk.generateKeyPair();
        assertThrows(KeyStoreException.class, () -> ks.setKeyEntry("foreign", pair.getPrivate(), TokenFixture.PIN,
                new X509Certificate[] {(X509Certificate) ks.getCertificate("ec")}));
    }
}
