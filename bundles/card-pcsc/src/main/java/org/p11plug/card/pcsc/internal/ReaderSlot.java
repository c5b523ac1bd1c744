package org.p11plug.card.pcsc.internal;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkVersion;
import org.p11plug.api.SlotInfo;
import org.p11plug.api.ck.CKF;
import org.p11plug.spi.token.BackendSlot;
import org.p11plug.spi.token.BackendToken;

/** One PC/SC reader as a slot; its token is the card in it, when a driver serves that card. */
final class ReaderSlot implements BackendSlot {
    private static final CkVersion VERSION = new CkVersion(0, 1);
    private final long id;
    private final String reader;
    private volatile CardDriver.@Nullable CardToken token;
    private volatile @Nullable CardSession session;
    private boolean connectFailureSeen; // the monitor thread's alone

    ReaderSlot(long id, String reader) {
        this.id = id;
        this.reader = reader;
    }

    @Override
    public long id() {
        return id;
    }

    String reader() {
        return reader;
    }

    @Override
    public SlotInfo info() {
        String description = reader.length() > 64 ? reader.substring(0, 64) : reader;
        return new SlotInfo(description, "p11plug PC/SC", CKF.REMOVABLE_DEVICE | CKF.HW_SLOT, VERSION, VERSION);
    }

    @Override
    public Optional<BackendToken> token() {
        return Optional.ofNullable(token);
    }

    boolean hasCard() {
        return session != null;
    }

    /** A card was connected; {@code served} is its token when a driver recognised it. */
    void inserted(CardSession connected, CardDriver.@Nullable CardToken served) {
        session = connected;
        token = served;
        connectFailureSeen = false;
    }

    /** Notes that a present card could not be connected; true the first time for this card. */
    boolean connectFailed() {
        boolean first = !connectFailureSeen;
        connectFailureSeen = true;
        return first;
    }

    /** The reader is empty: a card that fails to connect next is a new one to report. */
    void forgetConnectFailure() {
        connectFailureSeen = false;
    }

    /** Lets the token catch up with changes made by other processes; never throws. */
    void maintain() {
        CardDriver.CardToken t = token;
        if (t != null) {
            try {
                t.maintain();
            } catch (RuntimeException e) {
                // the card went away meanwhile: the next reconcile sees it
            }
        }
    }

    /** The card left: its token forgets its keys and the connection is closed. */
    void removed() {
        CardDriver.CardToken t = token;
        CardSession s = session;
        token = null;
        session = null;
        connectFailureSeen = false;
        if (t != null) {
            t.removed();
        }
        if (s != null) {
            s.close();
        }
    }
}
