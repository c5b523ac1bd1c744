package org.p11plug.spi.token;

import org.osgi.annotation.versioning.ProviderType;

/** Slot and token events a backend reports to the engine. */
@ProviderType
public interface BackendListener {
    /** The slot list changed (a reader appeared or went away). */
    void slotsChanged(TokenBackend backend);

    /** A token appeared in the slot. */
    void tokenInserted(BackendSlot slot);

    /**
     * The token left the slot (or became unusable): the engine closes every session with it and
     * erases their objects. The backend has already destroyed its key-encryption key.
     */
    void tokenRemoved(BackendSlot slot);

    /**
     * The token forgot its login while staying in the slot (a card reset by another process):
     * the engine logs every application out of it, as C_Logout would, so that none believes
     * itself logged in to a token that is not. Backends call it outside application calls.
     */
    default void loginLost(BackendSlot slot) {
    }
}
