package org.p11plug.conformance;

import org.p11plug.api.CryptokiService;
import org.p11plug.engine.StandaloneEngine;

/**
 * One store and one backend, assembled for a test: an initialized token with known PINs in one
 * slot. Every conformance test runs against each fixture {@link Fixtures} lists; what a backend
 * cannot do is declared in its {@link TokenTraits}, never by skipping a test silently.
 */
interface TokenFixture extends AutoCloseable {
    /** A new consumer: one PKCS#11 application of its own. */
    CryptokiService service(String consumer);

    StandaloneEngine engine();

    long slotId();

    /** Fresh copies; the caller may erase them. */
    byte[] soPin();

    byte[] userPin();

    TokenTraits traits();

    /** Takes the token away, as pulling a card does. */
    void removeToken();

    /** Puts the token back after {@link #removeToken()}. */
    void insertToken();

    /** Stops engine and backend and starts them again on the same token storage. */
    void restart();

    @Override
    void close();
}
