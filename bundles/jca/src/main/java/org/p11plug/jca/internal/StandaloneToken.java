package org.p11plug.jca.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.card.pcsc.internal.PcscBackend;
import org.p11plug.card.soft.internal.SoftTokenBackend;
import org.p11plug.card.soft.internal.SoftTokenSettings;
import org.p11plug.engine.StandaloneEngine;
import org.p11plug.spi.token.TokenBackend;
import org.p11plug.store.heap.internal.HeapSessionObjectStore;

/**
 * The provider without OSGi: the engine, the heap store and a backend assembled by hand as DS
 * would, from a properties file. {@code backend = soft} (the default) opens the software token in
 * {@code directory}; {@code backend = pcsc} offers the smart cards of PC/SC readers (the PIV
 * card's default management key), waiting up to {@code wait.seconds} (default 10) for a card
 * when no {@code slot} is given. Only used on a plain class path (the bundle imports these
 * packages optionally and never runs this inside OSGi).
 */
public final class StandaloneToken implements AutoCloseable {
    private final TokenBackend backend;
    private final AutoCloseable closeBackend;
    private final StandaloneEngine engine;
    private final TokenSessions sessions;

    private StandaloneToken(Properties config) throws InterruptedException {
        String kind = config.getProperty("backend", "soft").trim();
        if (kind.equals("pcsc")) {
            PcscBackend pcsc = new PcscBackend(0, 200);
            backend = pcsc;
            closeBackend = pcsc;
        } else if (kind.equals("soft")) {
            String directory = config.getProperty("directory");
            if (directory == null || directory.isBlank()) {
                throw new IllegalArgumentException("directory (the software token's directory) is required");
            }
            SoftTokenBackend soft = new SoftTokenBackend(SoftTokenSettings.defaults(Path.of(directory.trim())));
            backend = soft;
            closeBackend = soft;
        } else {
            throw new IllegalArgumentException("backend is soft or pcsc, not " + kind);
        }
        engine = new StandaloneEngine().bindStore(new HeapSessionObjectStore()).addBackend(backend);
        CryptokiService service = engine.service("jca");
        String slot = config.getProperty("slot");
        long waitMillis = 1000L * Long.parseLong(config.getProperty("wait.seconds", "10").trim());
        long slotId = slot != null ? Long.parseLong(slot.trim()) : firstWithToken(service.raw(), waitMillis);
        sessions = new TokenSessions(service.openApplication(), slotId,
                Integer.parseInt(config.getProperty("sessions", "8").trim()));
    }

    public static StandaloneToken open(Path configFile) throws IOException {
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(configFile)) {
            config.load(in);
        }
        try {
            return new StandaloneToken(config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a token", e);
        }
    }

    /** The first slot with a token; a card reader may take a moment to report its card. */
    private static long firstWithToken(Pkcs11 p11, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (true) {
            long[] slots = p11.getSlotList(true);
            if (slots.length > 0) {
                return slots[0];
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no token: no software token in the directory, or no card in a reader");
            }
            Thread.sleep(100);
        }
    }

    public TokenSessions sessions() {
        return sessions;
    }

    @Override
    public void close() throws Exception {
        sessions.close();
        engine.close();
        engine.removeBackend(backend);
        closeBackend.close();
    }
}
