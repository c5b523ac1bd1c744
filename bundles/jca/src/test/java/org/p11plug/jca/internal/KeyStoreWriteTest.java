package org.p11plug.jca.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
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
    void aPrivateKeyFromElsewhereIsWrittenToTheTokenAndSignsThere() throws Exception {
        KeyStore ks = load();
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("EC", "SunEC");
        jdk.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair pair = jdk.generateKeyPair();
        java.security.Signature self = java.security.Signature.getInstance("SHA384withECDSA", "SunEC");
        X509Certificate cert = selfSignedBySoftware(pair);
        ks.setKeyEntry("imported", pair.getPrivate(), TokenFixture.PIN, new X509Certificate[] {cert});

        KeyStore again = load();
        assertThat(again.isKeyEntry("imported"), is(true));
        java.security.PrivateKey onToken = (java.security.PrivateKey) again.getKey("imported", TokenFixture.PIN);
        assertThat("the value stays on the token", onToken.getEncoded(), nullValue());
        java.security.Signature s = java.security.Signature.getInstance("SHA384withECDSA", token.provider);
        s.initSign(onToken);
        s.update(new byte[] {1, 2, 3});
        self.initVerify(again.getCertificate("imported").getPublicKey());
        self.update(new byte[] {1, 2, 3});
        assertThat(self.verify(s.sign()), is(true));
        again.deleteEntry("imported");
        assertThat(load().containsAlias("imported"), is(false));
    }

    private static X509Certificate selfSignedBySoftware(KeyPair pair) throws Exception {
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=imported");
        java.time.Instant now = java.time.Instant.now();
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.ONE,
                        java.util.Date.from(now.minusSeconds(60)), java.util.Date.from(now.plusSeconds(3600)), name,
                        pair.getPublic()).build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(
                                "SHA384withECDSA").setProvider("SunEC").build(pair.getPrivate())));
    }

    @Test
    void secretKeysAreEntriesThatStayOnTheToken() throws Exception {
        KeyStore ks = load();
        SecretKeySpec raw = new SecretKeySpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, "AES");
        ks.setEntry("aes", new KeyStore.SecretKeyEntry(raw), new KeyStore.PasswordProtection(TokenFixture.PIN));
        ks.setKeyEntry("made here", KeyGenerator.getInstance("HmacSHA256", token.provider).generateKey(), null, null);

        KeyStore again = load();
        assertThat(again.isKeyEntry("aes"), is(true));
        assertThat(again.entryInstanceOf("aes", KeyStore.SecretKeyEntry.class), is(true));
        SecretKey stored = (SecretKey) again.getKey("aes", TokenFixture.PIN);
        assertThat(stored.getAlgorithm(), is("AES"));
        assertThat("the value stays on the token", stored.getEncoded(), nullValue());
        Cipher ours = Cipher.getInstance("AES/ECB/NoPadding", token.provider);
        ours.init(Cipher.ENCRYPT_MODE, stored);
        Cipher jdk = Cipher.getInstance("AES/ECB/NoPadding", "SunJCE");
        jdk.init(Cipher.ENCRYPT_MODE, raw);
        assertThat(ours.doFinal(new byte[16]), is(jdk.doFinal(new byte[16])));
        assertThat(again.isKeyEntry("made here"), is(true));
        assertThrows(KeyStoreException.class, () -> again.setKeyEntry("aes", raw, null, null), "the alias is taken");

        again.deleteEntry("aes");
        again.deleteEntry("made here");
        assertThat(load().containsAlias("aes"), is(false));
        assertThat(load().containsAlias("made here"), is(false));
    }

    @Test
    void aSecretKeyGeneratedAsATokenKeyIsAnEntry() throws Exception {
        load();
        KeyGenerator g = KeyGenerator.getInstance("AES", token.provider);
        g.init(P11KeyGenParameterSpec.secretOnToken(128, "stored aes", new byte[] {0x77}));
        SecretKey key = g.generateKey();
        KeyStore again = load();
        assertThat(again.isKeyEntry("stored aes"), is(true));
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding", token.provider);
        c.init(Cipher.ENCRYPT_MODE, key);
        byte[] sealed = c.doFinal(new byte[] {1, 2, 3});
        c.init(Cipher.DECRYPT_MODE, again.getKey("stored aes", null), c.getParameters());
        assertThat("the entry is the generated key", c.doFinal(sealed), is(new byte[] {1, 2, 3}));
        again.deleteEntry("stored aes");
        assertThat(load().containsAlias("stored aes"), is(false));
    }

    @Test
    void sessionKeysOfTheProviderAreNotEntries() throws Exception {
        SecretKey sessionKey = KeyGenerator.getInstance("AES", token.provider).generateKey();
        KeyStore ks = load();
        assertThat(java.util.Collections.list(ks.aliases()).size(), is(3)); // rsa, ec, ed
        sessionKey.destroy();
    }
}
