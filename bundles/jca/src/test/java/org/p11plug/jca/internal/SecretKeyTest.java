package org.p11plug.jca.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HMAC and secret keys: the provider's MAC of a raw key equals the JDK's; keys generated on the
 * token are handles, and a key dropped by its program is destroyed on the token.
 */
class SecretKeyTest {
    static TokenFixture token;
    static final byte[] DATA = "authenticated on the token".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() throws Exception {
        token = new TokenFixture(2);
        java.security.KeyStore.getInstance("P11PLUG", token.provider).load(null, TokenFixture.PIN);
    }

    @AfterAll
    static void stop() throws Exception {
        token.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"HmacSHA1", "HmacSHA256", "HmacSHA384", "HmacSHA512", "HmacSHA3-256"})
    void aRawKeysMacEqualsTheJdks(String algorithm) throws Exception {
        SecretKey key = new SecretKeySpec("a key of thirty-two bytes, or so".getBytes(StandardCharsets.UTF_8), algorithm);
        Mac ours = Mac.getInstance(algorithm, token.provider);
        ours.init(key);
        Mac jdk = Mac.getInstance(algorithm);
        jdk.init(key);
        assertThat(ours.doFinal(DATA), equalTo(jdk.doFinal(DATA)));
    }

    @Test
    void generatedKeysStayOnTheTokenAndMacConsistently() throws Exception {
        KeyGenerator g = KeyGenerator.getInstance("HmacSHA256", token.provider);
        SecretKey a = g.generateKey();
        SecretKey b = g.generateKey();
        assertThat(a.getEncoded(), nullValue());
        Mac mac = Mac.getInstance("HmacSHA256", token.provider);
        mac.init(a);
        byte[] first = mac.doFinal(DATA);
        assertThat(mac.doFinal(DATA), equalTo(first));
        mac.init(b);
        assertThat(mac.doFinal(DATA), not(equalTo(first)));
        KeyGenerator aes = KeyGenerator.getInstance("AES", token.provider);
        aes.init(128);
        assertThat(aes.generateKey().getAlgorithm(), is("AES"));
    }

    @Test
    void aKeyDroppedByItsProgramIsDestroyedOnTheToken() throws Exception {
        long before = token.engine.status().sessionObjectCount();
        KeyGenerator g = KeyGenerator.getInstance("HmacSHA256", token.provider);
        for (int i = 0; i < 50; i++) {
            g.generateKey();
        }
        SecretKey kept = g.generateKey();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (token.engine.status().sessionObjectCount() > before + 1 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(token.engine.status().sessionObjectCount(), lessThanOrEqualTo(before + 1));
        kept.destroy();
        assertThat(token.engine.status().sessionObjectCount(), is(before));
    }
}
