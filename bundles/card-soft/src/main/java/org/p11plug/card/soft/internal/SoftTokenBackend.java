package org.p11plug.card.soft.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.p11plug.api.UserType;
import org.p11plug.spi.token.BackendListener;
import org.p11plug.spi.token.BackendSlot;
import org.p11plug.spi.token.LoginTicket;
import org.p11plug.spi.token.TokenBackend;

/**
 * The software token backend: a fixed number of slots, each with a token kept in its own
 * directory ({@code DIRECTORY/slot-N}). Usable without OSGi: construct it with settings, hand it
 * to the engine, close it when done.
 */
public final class SoftTokenBackend implements TokenBackend, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SoftTokenBackend.class.getName());

    private final List<SoftSlot> slots;
    private final List<BackendListener> listeners = new CopyOnWriteArrayList<>();

    public SoftTokenBackend(SoftTokenSettings settings) {
        List<SoftSlot> list = new ArrayList<>();
        for (int i = 0; i < settings.slots(); i++) {
            SoftToken token = null;
            try {
                token = SoftToken.open(settings, settings.directory().resolve("slot-" + i));
            } catch (IOException e) {
                LOG.log(Level.SEVERE, "soft token slot {0} offers no token: {1}", new Object[] {i, e.getMessage()});
            }
            list.add(new SoftSlot(settings.firstSlotId() + i, i, token));
        }
        this.slots = List.copyOf(list);
    }

    @Override
    public String name() {
        return "soft";
    }

    @Override
    public List<? extends BackendSlot> slots() {
        return slots;
    }

    @Override
    public void addListener(BackendListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(BackendListener listener) {
        listeners.remove(listener);
    }

    /**
     * Initializes the token of a slot when it is not yet: label, SO PIN, user PIN. For
     * demonstrations and first runs; the PIN arrays are the caller's to erase.
     *
     * @return whether the token was initialized by this call
     */
    public boolean initializeIfNew(int slotIndex, String label, byte[] soPin, byte[] userPin) {
        SoftToken token = slots.get(slotIndex).softToken();
        if (token == null || token.info().initialized()) {
            return false;
        }
        token.initToken(soPin, label);
        try (LoginTicket so = token.login(UserType.SO, soPin)) {
            token.initPin(so, userPin);
        }
        LOG.log(Level.INFO, "initialized soft token \"{0}\" in slot {1}", new Object[] {label, slotIndex});
        return true;
    }

    /** Closes every token: keys and objects erased, directories unlocked. */
    @Override
    public void close() {
        for (SoftSlot s : slots) {
            SoftToken t = s.softToken();
            if (t != null) {
                t.close();
            }
        }
    }

    static byte[] erase(byte[] secret) {
        Arrays.fill(secret, (byte) 0);
        return secret;
    }
}
