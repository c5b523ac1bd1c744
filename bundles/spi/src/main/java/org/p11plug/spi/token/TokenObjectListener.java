package org.p11plug.spi.token;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Changes the engine did not make itself: private objects becoming readable when the token is
 * unlocked (and unreadable again when it locks), a card changed by another process.
 */
@ProviderType
public interface TokenObjectListener {
    void added(TokenObject object);

    void removed(TokenObject object);
}
