package org.p11plug.rpc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.p11plug.card.soft.internal.SoftTokenBackend;
import org.p11plug.card.soft.internal.SoftTokenSettings;
import org.p11plug.engine.StandaloneEngine;
import org.p11plug.store.heap.internal.HeapSessionObjectStore;

/** An engine with an initialized software token (slot 7) and the bridge serving it on a private socket. */
final class BridgeFixture implements AutoCloseable {
    static final long SLOT = 7;
    static final byte[] SO_PIN = "so-pin-87654321".getBytes(StandardCharsets.UTF_8);
    static final byte[] USER_PIN = "user-1234".getBytes(StandardCharsets.UTF_8);

    final Path directory;
    final StandaloneEngine engine;
    final SoftTokenBackend backend;
    final RpcServer server;
    /** Applications open while no client is connected (the service's own). */
    final int idleApplications;

    BridgeFixture() throws IOException {
        this(settings -> settings);
    }

    BridgeFixture(java.util.function.UnaryOperator<RpcSettings> adjust) throws IOException {
        directory = Files.createTempDirectory("p11plug-rpc");
        backend = new SoftTokenBackend(new SoftTokenSettings(directory.resolve("tokens"), 1, SLOT, 4, 32, 5, 5, 64, 1));
        backend.initializeIfNew(0, "bridge", SO_PIN, USER_PIN);
        engine = new StandaloneEngine().bindStore(new HeapSessionObjectStore()).addBackend(backend);
        server = new RpcServer(engine.service("rpc"),
                adjust.apply(RpcSettings.privateSocket(directory.resolve("run/p11-kit/pkcs11"))));
        idleApplications = engine.status().applicationCount();
    }

    Path socket() {
        return server.path();
    }

    /** The environment a native client needs to reach this bridge. */
    String address() {
        return "unix:path=" + socket();
    }

    @Override
    public void close() throws IOException {
        server.close();
        engine.close();
        backend.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
