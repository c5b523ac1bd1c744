package org.p11plug.jca.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.card.soft.internal.SoftTokenBackend;
import org.p11plug.card.soft.internal.SoftTokenSettings;
import org.p11plug.engine.StandaloneEngine;
import org.p11plug.store.heap.internal.HeapSessionObjectStore;

/**
 * The provider without OSGi: the engine, the heap store and the software token in the directory
 * a properties file names, assembled by hand as DS would. Only used on a plain class path (the
 * bundle imports these packages optionally and never runs this inside OSGi).
 */
public final class StandaloneToken implements AutoCloseable {
    private final SoftTokenBackend backend;
    private final StandaloneEngine engine;
    private final TokenSessions sessions;

    private StandaloneToken(Properties config) {
        String directory = config.getProperty("directory");
        if (directory == null || directory.isBlank()) {
            throw new IllegalArgumentException("directory (the software token's directory) is required");
        }
        backend = new SoftTokenBackend(SoftTokenSettings.defaults(Path.of(directory.trim())));
        engine = new StandaloneEngine().bindStore(new HeapSessionObjectStore()).addBackend(backend);
        CryptokiService service = engine.service("jca");
        String slot = config.getProperty("slot");
        long slotId = slot != null ? Long.parseLong(slot.trim()) : firstWithToken(service.raw());
        sessions = new TokenSessions(service.openApplication(), slotId,
                Integer.parseInt(config.getProperty("sessions", "8").trim()));
    }

    public static StandaloneToken open(Path configFile) throws IOException {
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(configFile)) {
            config.load(in);
        }
        return new StandaloneToken(config);
    }

    private static long firstWithToken(Pkcs11 p11) {
        long[] slots = p11.getSlotList(true);
        if (slots.length == 0) {
            throw new IllegalStateException("no token in the configured directory");
        }
        return slots[0];
    }

    public TokenSessions sessions() {
        return sessions;
    }

    @Override
    public void close() {
        sessions.close();
        engine.close();
        engine.removeBackend(backend);
        backend.close();
    }
}
