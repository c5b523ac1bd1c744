package org.p11plug.jca.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.p11plug.jca.P11KeyGenParameterSpec;
import org.p11plug.jca.P11plugProvider;

/** Key pairs generated on the token through the JCA: session pairs by default, token pairs on request. */
class KeyPairGeneratorTest {
    static TokenFixture token;
    static final byte[] DATA = "a key pair made on the token".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() throws Exception {
        token = new TokenFixture(2);
        KeyStore.getInstance(P11plugProvider.KEYSTORE_TYPE, token.provider).load(null, TokenFixture.PIN);
    }

    @AfterAll
    static void stop() throws Exception {
        token.close();
    }

    @ParameterizedTest
    @CsvSource({"RSA,SHA256withRSA", "EC,SHA256withECDSA", "Ed25519,Ed25519"})
    void sessionPairsSignAndTheJdkVerifies(String algorithm, String signature) throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance(algorithm, token.provider).generateKeyPair();
        assertThat(pair.getPrivate().getEncoded(), nullValue());
        Signature s = Signature.getInstance(signature, token.provider);
        s.initSign(pair.getPrivate());
        s.update(DATA);
        assertThat(ProviderTest.jdkVerifies(signature, pair.getPublic(), DATA, s.sign()), is(true));
    }

    @Test
    void sizesAndCurvesAreHonoured() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA", token.provider);
        rsa.initialize(3072);
        assertThat(((RSAPublicKey) rsa.generateKeyPair().getPublic()).getModulus().bitLength(), is(3072));
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", token.provider);
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        assertThat(((java.security.interfaces.ECPublicKey) ec.generateKeyPair().getPublic()).getParams().getOrder()
                .bitLength(), is(384));
    }

    @Test
    void aTokenPairIsFoundByTheKeyStoreAndSessionPairsLeaveNothing() throws Exception {
        long before = token.engine.status().sessionObjectCount();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", token.provider);
        g.initialize(P11KeyGenParameterSpec.onToken(new ECGenParameterSpec("secp256r1"), "kept", new byte[] {0x55}));
        g.generateKeyPair();
        KeyStore ks = KeyStore.getInstance(P11plugProvider.KEYSTORE_TYPE, token.provider);
        ks.load(null, TokenFixture.PIN);
        assertThat(ks.isKeyEntry("kept"), is(true));
        assertThat(((PrivateKey) ks.getKey("kept", null)).getAlgorithm(), is("EC"));

        KeyPairGenerator session = KeyPairGenerator.getInstance("Ed25519", token.provider);
        session.initialize(NamedParameterSpec.ED25519);
        for (int i = 0; i < 30; i++) {
            session.generateKeyPair();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (token.engine.status().sessionObjectCount() > before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(token.engine.status().sessionObjectCount(), lessThanOrEqualTo(before));
    }
}
