package org.p11plug.jca.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider first in java.security.Security, with a pool of one session. The JDK's own code
 * then asks it for the primitives it uses inside (SunJCE's HMAC takes the first provider's
 * SHA-256), so a call of the provider can reach the provider again on the same thread while it
 * holds the pool's only session: that nested call must not wait for the session its own caller
 * holds.
 */
class ProviderFirstTest {
    static TokenFixture token;

    @BeforeAll
    static void start() throws Exception {
        token = new TokenFixture(1);
        Security.insertProviderAt(token.provider, 1);
    }

    @AfterAll
    static void stop() throws Exception {
        Security.removeProvider(token.provider.getName());
        token.close();
    }

    @Test
    void aCallThatComesBackToTheProviderDoesNotWaitForItself() {
        byte[] data = "nested".getBytes(StandardCharsets.UTF_8);
        SecretKeySpec raw = new SecretKeySpec("a key for the nested HMAC test".getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        byte[] ours = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Mac mac = Mac.getInstance("HmacSHA256", token.provider); // the engine's HMAC is SunJCE's, whose SHA-256 is ours
            mac.init(raw);
            return mac.doFinal(data);
        });
        byte[] jdk = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Mac mac = Mac.getInstance("HmacSHA256", "SunJCE");
            mac.init(raw);
            return mac.doFinal(data);
        });
        assertThat(ours, equalTo(jdk));
    }
}
