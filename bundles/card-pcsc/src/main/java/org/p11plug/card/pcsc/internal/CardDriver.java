package org.p11plug.card.pcsc.internal;

import java.util.Optional;
import org.p11plug.spi.token.BackendToken;

/**
 * The seam for card types: a driver probes a freshly connected card and, when the card answers
 * as its kind does, makes the token. Drivers are tried in order (PIV first); the first that
 * recognises the card serves it.
 */
interface CardDriver {
    /** Short name for the log. */
    String name();

    /**
     * The token for this card, or empty when the card is not of this driver's kind. The driver
     * owns the session from then on; it must leave it unchanged when it declines.
     */
    Optional<CardToken> open(CardSession session, String readerName);

    /** A token a driver made: the spi's token, and what the backend must do when the card goes. */
    interface CardToken extends BackendToken {
        /** The card left: erase the key-encryption key and every cached secret. */
        void removed();

        /**
         * Called by the monitor thread after every wait, outside any application's call: the
         * place to catch up with changes other processes made to the card (its cached objects
         * re-read and the engine told what changed).
         */
        default void maintain() {
        }

        /** Where the token reports that the card forgot its login (called from {@link #maintain}). */
        default void onLoginLost(Runnable action) {
        }
    }
}
