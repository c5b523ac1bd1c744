package org.p11plug.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.card.pcsc.internal.PcscBackend;
import org.p11plug.engine.StandaloneEngine;
import org.p11plug.virtualpiv.Pcscd;
import org.p11plug.virtualpiv.VirtualPivCard;
import org.p11plug.virtualpiv.VpcdConnection;

/**
 * The PC/SC backend with a fresh virtual PIV card behind a real pcscd, started once for the
 * whole suite (one pcscd per host) and stopped when the JVM ends. User PIN 123456, SO PIN (the
 * PUK) 12345678.
 */
final class PcscTokenFixture implements TokenFixture {
    private static final int PORT = 40071;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(PcscTokenFixture.class.getName());
    private static Pcscd pcscd;

    private final Fixtures.StoreInstance store;
    private final VirtualPivCard card = VirtualPivCard.inMemory();
    private VpcdConnection inserted;
    private PcscBackend backend;
    private StandaloneEngine engine;
    private long slot;

    PcscTokenFixture(Fixtures.StoreInstance store) {
        this.store = store;
        try {
            startPcscd();
            try {
                inserted = VpcdConnection.insert(card, "127.0.0.1", PORT);
                start();
            } catch (IOException | IllegalStateException e) {
                // a stalled pcscd (seen once: a card it never reported leaving, then no next card)
                // would fail every later test; start it afresh once and say so
                LOG.warning("PC/SC conformance fixture: no token (" + e.getMessage() + "); restarting pcscd");
                if (inserted != null) {
                    inserted.close();
                }
                if (engine != null) {
                    stopEngine();
                }
                restartPcscd();
                inserted = VpcdConnection.insert(card, "127.0.0.1", PORT);
                start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void stopPcscd() throws InterruptedException {
        pcscd.close();
    }

    private static synchronized void restartPcscd() throws IOException {
        try {
            pcscd.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        pcscd = launchPcscd();
    }

    private static synchronized void startPcscd() throws IOException {
        if (pcscd == null) {
            pcscd = launchPcscd();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    stopPcscd();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
    }

    private static Pcscd launchPcscd() throws IOException {
        try {
            return Pcscd.start(Files.createDirectories(Path.of("target", "pcsc-conformance").toAbsolutePath()), PORT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stopEngine() {
        engine.close();
        engine.removeBackend(backend);
        backend.close();
    }

    private void start() {
        backend = new PcscBackend(100, 100);
        engine = new StandaloneEngine().bindStore(store.store()).addBackend(backend);
        slot = awaitToken(engine.service("fixture").raw());
    }

    private static long awaitToken(Pkcs11 p11) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (long id : p11.getSlotList(true)) {
                if (p11.getSlotInfo(id).slotDescription().startsWith(Pcscd.READER + " 00 00")) {
                    return id;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("pcscd never reported the virtual card");
    }

    @Override
    public CryptokiService service(String consumer) {
        return engine.service(consumer);
    }

    @Override
    public StandaloneEngine engine() {
        return engine;
    }

    @Override
    public long slotId() {
        return slot;
    }

    @Override
    public byte[] soPin() {
        return "12345678".getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] userPin() {
        return "123456".getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public TokenTraits traits() {
        return new TokenTraits(6, 8, 3, 3, false, false, false, false);
    }

    @Override
    public void removeToken() {
        inserted.close();
        awaitGone(engine.service("fixture").raw());
    }

    private void awaitGone(Pkcs11 p11) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean present = false;
            for (long id : p11.getSlotList(true)) {
                present |= id == slot;
            }
            if (!present) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the card never left");
    }

    @Override
    public void insertToken() {
        try {
            inserted = VpcdConnection.insert(card, "127.0.0.1", PORT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitToken(engine.service("fixture").raw());
    }

    @Override
    public void restart() {
        stopEngine();
        start();
    }

    /** Pulls the card and waits until pcscd has seen it go: vpcd takes the next card only then. */
    @Override
    public void close() {
        if (inserted.isInserted()) {
            try {
                removeToken();
            } catch (IllegalStateException e) {
                LOG.warning("PC/SC conformance fixture: " + e.getMessage() + "; restarting pcscd");
                try {
                    restartPcscd();
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
            }
        }
        stopEngine();
        card.close();
        store.shutdown().run();
    }

    /** Whether the suite can run against PC/SC here: pcscd, vpcd and the tools, and no other pcscd. */
    static boolean available() {
        try {
            return pcscd != null || Pcscd.unavailable().isEmpty();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
