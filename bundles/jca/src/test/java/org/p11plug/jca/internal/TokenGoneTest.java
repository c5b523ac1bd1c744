package org.p11plug.jca.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p11plug.jca.P11plugProvider;

/**
 * The token leaves while the provider holds keys of it (its backend is removed, as a pulled card
 * is): using such a key fails with an exception that says the token is gone, nothing hangs, and
 * when the token comes back the provider serves it again without being rebuilt.
 */
class TokenGoneTest {
    TokenFixture token;

    @BeforeEach
    void start() throws Exception {
        token = new TokenFixture(2);
    }

    @AfterEach
    void stop() throws Exception {
        token.close();
    }

    private byte[] sign(PrivateKey key) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", token.provider);
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        return s.sign();
    }

    @Test
    void keysOfAGoneTokenFailClearlyAndTheReturningTokenWorks() throws Exception {
        KeyStore ks = KeyStore.getInstance(P11plugProvider.KEYSTORE_TYPE, token.provider);
        ks.load(null, TokenFixture.PIN);
        PrivateKey stored = (PrivateKey) ks.getKey("ec", null);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", token.provider);
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair session = g.generateKeyPair();
        sign(stored);
        sign(session.getPrivate());

        token.engine.removeBackend(token.backend);
        SignatureException gone = assertThrows(SignatureException.class, () -> sign(stored));
        assertThat(gone.getMessage(), containsString("is gone"));
        assertThat(assertThrows(SignatureException.class, () -> sign(session.getPrivate())).getMessage(),
                containsString("is gone"));
        assertThrows(IOException.class, () -> KeyStore.getInstance(P11plugProvider.KEYSTORE_TYPE, token.provider)
                .load(null, TokenFixture.PIN));

        token.engine.addBackend(token.backend);
        KeyStore back = KeyStore.getInstance(P11plugProvider.KEYSTORE_TYPE, token.provider);
        back.load(null, TokenFixture.PIN);
        assertThat("the returning token's keys sign again", sign((PrivateKey) back.getKey("ec", null)).length > 0,
                is(true));
        SignatureException stale = assertThrows(SignatureException.class, () -> sign(session.getPrivate()));
        assertThat("a session key did not survive its token", stale.getMessage(), containsString("HANDLE_INVALID"));
        KeyPair fresh = g.generateKeyPair();
        assertThat(sign(fresh.getPrivate()).length > 0, is(true));
    }
}
