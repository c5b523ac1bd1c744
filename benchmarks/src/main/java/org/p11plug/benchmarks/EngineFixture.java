package org.p11plug.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.card.soft.internal.SoftTokenBackend;
import org.p11plug.card.soft.internal.SoftTokenSettings;
import org.p11plug.engine.StandaloneEngine;
import org.p11plug.spi.store.SessionObjectStore;
import org.p11plug.store.heap.internal.HeapSessionObjectStore;
import org.p11plug.store.offheap.internal.OffHeapSessionObjectStore;
import org.p11plug.store.wrapped.internal.WrappedSessionObjectStore;

/** An engine with the soft token in a temporary directory and one store: what each benchmark measures against. */
final class EngineFixture implements AutoCloseable {
    static final byte[] USER_PIN = "123456".getBytes(StandardCharsets.UTF_8);

    final Path directory;
    final SoftTokenBackend backend;
    final StandaloneEngine engine;
    final Pkcs11 p11;
    final long slot = 0;
    /** The store the fixture was made with. */
    final SessionObjectStore store;
    private final Runnable stopStore;

    private EngineFixture(SessionObjectStore store, Runnable stopStore) {
        this.store = store;
        this.stopStore = stopStore;
        try {
            directory = Files.createTempDirectory("p11plug-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        backend = new SoftTokenBackend(SoftTokenSettings.defaults(directory).withCheapKdf());
        backend.initializeIfNew(0, "bench", "87654321".getBytes(StandardCharsets.UTF_8), USER_PIN.clone());
        engine = new StandaloneEngine().bindStore(store).addBackend(backend);
        p11 = engine.service("benchmark").raw();
    }

    /** The fixture on a store of the given kind: {@code heap}, {@code off-heap} or {@code wrapped}. */
    static EngineFixture of(String kind) {
        return switch (kind) {
            case "heap" -> {
                HeapSessionObjectStore s = new HeapSessionObjectStore();
                yield new EngineFixture(s, s::shutdown);
            }
            case "off-heap" -> {
                OffHeapSessionObjectStore s = new OffHeapSessionObjectStore();
                yield new EngineFixture(s, s::shutdown);
            }
            case "wrapped" -> {
                WrappedSessionObjectStore s = new WrappedSessionObjectStore();
                yield new EngineFixture(s, s::shutdown);
            }
            default -> throw new IllegalArgumentException("no store " + kind);
        };
    }

    /** A fresh store of the given kind. */
    static SessionObjectStore store(String kind) {
        return switch (kind) {
            case "heap" -> new HeapSessionObjectStore();
            case "off-heap" -> new OffHeapSessionObjectStore();
            case "wrapped" -> new WrappedSessionObjectStore();
            default -> throw new IllegalArgumentException("no store " + kind);
        };
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
