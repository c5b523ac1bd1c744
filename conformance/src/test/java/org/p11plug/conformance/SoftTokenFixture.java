package org.p11plug.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.p11plug.api.CryptokiService;
import org.p11plug.card.soft.internal.SoftTokenBackend;
import org.p11plug.card.soft.internal.SoftTokenSettings;
import org.p11plug.engine.StandaloneEngine;
import org.p11plug.spi.store.SessionObjectStore;

/** The software token in a temporary directory, with a cheap PIN derivation. */
final class SoftTokenFixture implements TokenFixture {
    static final String SO_PIN = "so-pin-87654321";
    static final String USER_PIN = "user-1234";
    static final long SLOT = 7;

    private final Path directory;
    private final SoftTokenSettings settings;
    private StandaloneEngine engine;
    private SoftTokenBackend backend;
    private final SessionObjectStore store;
    private final Runnable stopStore;

    SoftTokenFixture(Fixtures.StoreInstance instance) {
        try {
            directory = Files.createTempDirectory("p11plug-soft");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings = new SoftTokenSettings(directory, 1, SLOT, 4, 32, 5, 5, 64, 1);
        this.store = instance.store();
        this.stopStore = instance.shutdown();
        backend = new SoftTokenBackend(settings);
        backend.initializeIfNew(0, "conformance", soPin(), userPin());
        engine = new StandaloneEngine().bindStore(store).addBackend(backend);
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
        return SLOT;
    }

    @Override
    public byte[] soPin() {
        return SO_PIN.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] userPin() {
        return USER_PIN.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public TokenTraits traits() {
        return new TokenTraits(4, 32, 5, 5, true, true, true, true);
    }

    @Override
    public void removeToken() {
        engine.removeBackend(backend);
        backend.close();
    }

    @Override
    public void insertToken() {
        backend = new SoftTokenBackend(settings);
        engine.addBackend(backend);
    }

    @Override
    public void restart() {
        engine.close();
        engine.removeBackend(backend);
        backend.close();
        backend = new SoftTokenBackend(settings);
        engine = new StandaloneEngine().bindStore(store).addBackend(backend);
    }

    @Override
    public void close() {
        engine.close();
        engine.removeBackend(backend);
        backend.close();
        stopStore.run();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
