package org.p11plug.card.pcsc.internal;

import java.util.function.Supplier;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.p11plug.api.CkException;
import org.p11plug.api.ck.CKR;

/**
 * A connection to the card in one reader: APDUs, and multi-APDU sequences inside a PC/SC
 * transaction so that no other process interleaves (a VERIFY and the signature it unlocks, a
 * chained command). jnasmartcardio answers 61xx with GET RESPONSE by itself. A card pulled out
 * turns every call into {@code CKR_DEVICE_REMOVED}; other PC/SC failures into
 * {@code CKR_DEVICE_ERROR}.
 */
final class CardSession implements AutoCloseable {
    private final javax.smartcardio.CardTerminal terminal;
    /** Releases the PC/SC context the card was connected through. */
    private final Runnable releaseContext;
    private Card card;
    private CardChannel channel;
    private volatile boolean removed;
    private Runnable onReset = () -> { };
    private boolean resetting;

    CardSession(javax.smartcardio.CardTerminal terminal, Card card, Runnable releaseContext) {
        this.terminal = terminal;
        this.releaseContext = releaseContext;
        this.card = card;
        this.channel = card.getBasicChannel();
    }

    /**
     * What to do after another process reset the card (yubico-piv-tool does when it
     * disconnects): the connection is renewed and this runs before the command is retried, to
     * select the application again. The card's PIN state is gone with the reset.
     */
    synchronized void onReset(Runnable action) {
        onReset = action;
    }

    /** One command APDU; the response's data and status word. */
    synchronized ResponseAPDU transmit(byte[] command) {
        if (removed) {
            throw new CkException(CKR.DEVICE_REMOVED, "the card was removed");
        }
        try {
            return channel.transmit(new CommandAPDU(command));
        } catch (CardException | IllegalStateException | IllegalArgumentException e) {
            // IllegalArgumentException: javax.smartcardio's answer to an empty response
            if (wasReset(e)) {
                reconnect();
                try {
                    return channel.transmit(new CommandAPDU(command));
                } catch (CardException | IllegalStateException | IllegalArgumentException again) {
                    throw failure(again);
                }
            }
            throw failure(e);
        }
    }

    private static boolean wasReset(Exception e) {
        return String.valueOf(e.getMessage()).contains("RESET") || String.valueOf(e.getCause()).contains("RESET");
    }

    /** A new connection to the same card, and the application selected again. */
    private void reconnect() {
        if (resetting) {
            throw new CkException(CKR.DEVICE_ERROR, "the card keeps being reset");
        }
        resetting = true;
        try {
            try {
                card.disconnect(false);
            } catch (CardException | IllegalStateException e) {
                // the old handle is dead anyway
            }
            card = terminal.connect("*");
            channel = card.getBasicChannel();
            onReset.run();
        } catch (CardException e) {
            throw failure(e);
        } finally {
            resetting = false;
        }
    }

    /** Runs a sequence of APDUs as one PC/SC transaction. */
    synchronized <T> T exclusive(Supplier<T> work) {
        if (removed) {
            throw new CkException(CKR.DEVICE_REMOVED, "the card was removed");
        }
        try {
            card.beginExclusive();
        } catch (CardException | IllegalStateException e) {
            if (!wasReset(e)) {
                throw failure(e);
            }
            reconnect();
            try {
                card.beginExclusive();
            } catch (CardException | IllegalStateException again) {
                throw failure(again);
            }
        }
        try {
            return work.get();
        } finally {
            try {
                card.endExclusive();
            } catch (CardException | IllegalStateException e) {
                // the card went away during the sequence: the next call says so
            }
        }
    }

    /**
     * What a PC/SC failure means. A card pulled in the middle of a command shows first as an
     * odd failure (an empty response, NOT_TRANSACTED, a communication error) while pcscd, which
     * polls the reader, still reports the card present for up to a few hundred milliseconds; so
     * a failure waits for pcscd's verdict that long. Card gone: CKR_DEVICE_REMOVED, for this and
     * every later call. Card still there: CKR_DEVICE_ERROR.
     */
    private RuntimeException failure(Exception e) {
        String text = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : " " + e.getCause());
        boolean gone = text.contains("REMOVED") || text.contains("NO_SMARTCARD") || text.contains("NO_SERVICE")
                || !presentAfterSettling();
        if (gone) {
            removed = true;
            return new CkException(CKR.DEVICE_REMOVED, "the card was removed: " + e.getMessage());
        }
        return new CkException(CKR.DEVICE_ERROR, "PC/SC: " + e.getMessage());
    }

    private boolean presentAfterSettling() {
        long deadline = System.nanoTime() + 700_000_000L; // pcscd polls a reader every 400 ms
        while (true) {
            try {
                if (!terminal.isCardPresent()) {
                    return false;
                }
            } catch (CardException | RuntimeException unknown) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
    }

    /** The card left its reader: every later call answers CKR_DEVICE_REMOVED. */
    void markRemoved() {
        removed = true;
    }

    /** Disconnects the card and releases its PC/SC context. */
    @Override
    public void close() {
        removed = true;
        try {
            card.disconnect(false);
        } catch (CardException | IllegalStateException e) {
            // gone already
        }
        releaseContext.run();
    }
}
