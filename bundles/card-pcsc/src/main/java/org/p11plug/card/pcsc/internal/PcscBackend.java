package org.p11plug.card.pcsc.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import jnasmartcardio.Smartcardio;
import org.jspecify.annotations.Nullable;
import org.p11plug.spi.token.BackendListener;
import org.p11plug.spi.token.BackendSlot;
import org.p11plug.spi.token.TokenBackend;

/**
 * Smart cards through PC/SC: one slot per reader, with a slot id that stays the same for a
 * reader name while the backend runs (a changed slot list shows when the application asks for
 * it again), a token when a card is in and a driver recognises it. One monitor thread waits for
 * PC/SC events in bounded slices (an infinite wait cannot be cancelled through
 * javax.smartcardio), so it stops promptly; when pcscd is absent or restarts it drops the
 * readers, says why once, and takes a new PC/SC context until the service answers again.
 */
public final class PcscBackend implements TokenBackend, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PcscBackend.class.getName());

    private final long slotBase;
    private final long sliceMillis;
    private final ManagementKey managementKey;
    private final List<CardDriver> drivers;
    private final List<BackendListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Long> slotIds = new HashMap<>();
    private final Map<String, ReaderSlot> slots = new ConcurrentHashMap<>();
    private final Thread monitor;
    private volatile boolean running = true;
    /** Made by the monitor thread when it starts; only that thread uses it. */
    private @Nullable TerminalFactory factory;
    private boolean unavailableReported;

    /** Starts watching the readers; slot ids from {@code slotBase} on; the PIV default management key. */
    public PcscBackend(long slotBase, long sliceMillis) {
        this(slotBase, sliceMillis, ManagementKey.parse("3des", ManagementKey.DEFAULT_HEX.toCharArray()));
    }

    PcscBackend(long slotBase, long sliceMillis, ManagementKey managementKey) {
        this.managementKey = managementKey;
        this.drivers = List.of(new PivDriver(managementKey));
        this.slotBase = slotBase;
        this.sliceMillis = sliceMillis;
        monitor = new Thread(this::watch, "p11plug PC/SC monitor");
        monitor.setDaemon(true);
        monitor.start();
    }

    @Override
    public String name() {
        return "pcsc";
    }

    @Override
    public List<? extends BackendSlot> slots() {
        List<ReaderSlot> list = new ArrayList<>(slots.values());
        list.sort((a, b) -> Long.compare(a.id(), b.id()));
        return list;
    }

    @Override
    public void addListener(BackendListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(BackendListener listener) {
        listeners.remove(listener);
    }

    private void watch() {
        try {
            factory = TerminalFactory.getInstance("PC/SC", null, new Smartcardio());
        } catch (java.security.NoSuchAlgorithmException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "PC/SC is unavailable here ({0}): no smart card slots", e.toString());
            return;
        }
        CardTerminals terminals = null;
        while (running) {
            try {
                if (terminals == null) {
                    terminals = factory.terminals();
                }
                reconcile(terminals.list());
                for (ReaderSlot slot : slots.values()) {
                    slot.maintain();
                }
                if (unavailableReported) {
                    LOG.info("PC/SC service available again");
                    unavailableReported = false;
                }
                terminals.waitForChange(sliceMillis);
            } catch (CardException | RuntimeException e) {
                // no pcscd, or a context that died with a restarted pcscd: drop everything, take a new one
                if (!unavailableReported) {
                    LOG.log(Level.WARNING, "no PC/SC service ({0}): no smart card slots until pcscd answers;"
                            + " retrying", e.getMessage());
                    unavailableReported = true;
                }
                close(terminals);
                terminals = null;
                reconcile(List.of());
                sleep();
            }
        }
        close(terminals);
        reconcile(List.of());
    }

    /** Brings the slots in line with the readers and the cards in them, then tells the listeners. */
    private void reconcile(List<CardTerminal> readers) {
        boolean slotListChanged = false;
        Map<String, CardTerminal> byName = new HashMap<>();
        for (CardTerminal t : readers) {
            byName.put(t.getName(), t);
        }
        for (ReaderSlot gone : List.copyOf(slots.values())) {
            if (!byName.containsKey(gone.reader())) {
                slots.remove(gone.reader());
                boolean hadToken = gone.token().isPresent();
                gone.removed();
                if (hadToken) {
                    listeners.forEach(l -> l.tokenRemoved(gone));
                }
                slotListChanged = true;
            }
        }
        for (CardTerminal t : readers) {
            ReaderSlot slot = slots.get(t.getName());
            if (slot == null) {
                slot = new ReaderSlot(slotIds.computeIfAbsent(t.getName(), n -> slotBase + slotIds.size()), t.getName());
                slots.put(t.getName(), slot);
                slotListChanged = true;
            }
            boolean present;
            try {
                present = t.isCardPresent();
            } catch (CardException e) {
                present = false;
            }
            if (present && !slot.hasCard()) {
                insert(slot, t);
            } else if (!present && slot.hasCard()) {
                boolean hadToken = slot.token().isPresent();
                slot.removed();
                ReaderSlot s = slot;
                if (hadToken) {
                    listeners.forEach(l -> l.tokenRemoved(s));
                }
            } else if (!present) {
                slot.forgetConnectFailure(); // a card that never connected left: the next one is reported anew
            }
        }
        if (slotListChanged) {
            listeners.forEach(l -> l.slotsChanged(this));
        }
    }

    /**
     * Connects the card in {@code monitored}'s reader through a PC/SC context of its own, released
     * with the card: pcsc-lite serializes the calls of one context, so the monitor's waits would
     * hold card commands up to a slice; and a context that went bad (once seen in the
     * hundred-pulls test: its reader list failed for good while the monitor's worked) takes only
     * its own card with it, the next insertion starting afresh.
     */
    private void insert(ReaderSlot slot, CardTerminal monitored) {
        Card card;
        CardTerminals context = null;
        CardTerminal terminal;
        try {
            context = factory.terminals();
            terminal = context.getTerminal(monitored.getName());
            if (terminal == null) {
                throw new CardException("the reader is not listed on a new PC/SC context");
            }
            card = terminal.connect("*");
        } catch (CardException | RuntimeException e) {
            close(context);
            // not ready yet (mute card, another process holds it exclusively): the next pass tries again;
            // said once per card so that a card that never answers is not a silent empty slot
            if (slot.connectFailed()) {
                LOG.log(Level.INFO, "{0}: a card is present but does not connect ({1}); retrying",
                        new Object[] {slot.reader(), e.toString()});
            }
            return;
        }
        CardTerminals own = context;
        CardSession session = new CardSession(terminal, card, () -> close(own));
        CardDriver.@Nullable CardToken token = null;
        for (CardDriver driver : drivers) {
            try {
                Optional<CardDriver.CardToken> t = session.exclusive(() -> driver.open(session, slot.reader()));
                if (t.isPresent()) {
                    token = t.get();
                    LOG.log(Level.INFO, "{0}: a {1} card", new Object[] {slot.reader(), driver.name()});
                    break;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "{0}: the {1} driver failed on this card: {2}",
                        new Object[] {slot.reader(), driver.name(), e.toString()});
            }
        }
        if (token == null) {
            LOG.log(Level.INFO, "{0}: a card no driver knows; the slot shows no token", slot.reader());
        }
        slot.inserted(session, token);
        if (token != null) {
            token.onLoginLost(() -> listeners.forEach(l -> l.loginLost(slot)));
            listeners.forEach(l -> l.tokenInserted(slot));
        }
    }

    private static void close(@Nullable CardTerminals terminals) {
        if (terminals instanceof Smartcardio.JnaCardTerminals jna) {
            try {
                jna.close();
            } catch (CardException | RuntimeException e) {
                // a dead context
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(Math.max(200, sliceMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops watching; every card token is dropped (its key-encryption key erased). */
    @Override
    public void close() {
        running = false;
        monitor.interrupt();
        try {
            monitor.join(Math.max(2000, 4 * sliceMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ReaderSlot s : slots.values()) {
            s.removed();
        }
        slots.clear();
        managementKey.erase();
    }
}
