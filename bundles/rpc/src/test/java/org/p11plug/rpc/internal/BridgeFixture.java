package org.p11plug.rpc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.p11plug.card.soft.internal.SoftTokenBackend;
import org.p11plug.card.soft.internal.SoftTokenSettings;
import org.p11plug.engine.StandaloneEngine;
import org.p11plug.spi.token.TokenBackend;
import org.p11plug.store.heap.internal.HeapSessionObjectStore;

/**
 * An engine with a token backend (by default an initialized software token in slot 7) and the
 * bridge serving it on a private socket in a temporary directory.
 */
final class BridgeFixture implements AutoCloseable {
    static final long SLOT = 7;
    static final byte[] SO_PIN = "so-pin-87654321".getBytes(StandardCharsets.UTF_8);
    static final byte[] USER_PIN = "user-1234".getBytes(StandardCharsets.UTF_8);

    final Path directory;
    final StandaloneEngine engine;
    final TokenBackend backend;
    final RpcServer server;
    /** Applications open while no client is connected (the service's own). */
    final int idleApplications;

    BridgeFixture() throws IOException {
        this(UnaryOperator.identity());
    }

    BridgeFixture(UnaryOperator<RpcSettings> adjust) throws IOException {
        this(null, adjust);
    }

    /** @param backend the token backend, or null for the software token */
    BridgeFixture(TokenBackend backend, UnaryOperator<RpcSettings> adjust) throws IOException {
        directory = Files.createTempDirectory("p11plug-rpc");
        if (backend == null) {
            SoftTokenBackend soft = new SoftTokenBackend(
                    new SoftTokenSettings(directory.resolve("tokens"), 1, SLOT, 4, 32, 5, 5, 64, 1));
            soft.initializeIfNew(0, "bridge", SO_PIN, USER_PIN);
            backend = soft;
        }
        this.backend = backend;
        engine = new StandaloneEngine().bindStore(new HeapSessionObjectStore()).addBackend(backend);
        server = new RpcServer(engine.service("rpc"),
                adjust.apply(RpcSettings.privateSocket(directory.resolve("run/p11-kit/pkcs11"))));
        idleApplications = engine.status().applicationCount();
    }

    Path socket() {
        return server.path();
    }

    /** P11_KIT_SERVER_ADDRESS for a native client of this bridge. */
    String address() {
        return "unix:path=" + socket();
    }

    /** Waits until only the applications of no client are open (connections end asynchronously). */
    void awaitIdle() throws InterruptedException {
        awaitApplications(idleApplications);
    }

    void awaitApplications(int count) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (engine.status().applicationCount() != count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        org.hamcrest.MatcherAssert.assertThat("open applications; the bridge's threads:" + connectionStacks(),
                engine.status().applicationCount(), org.hamcrest.Matchers.is(count));
    }

    /** What the bridge's threads are doing, for a failure message. */
    private static String connectionStacks() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, frames) -> {
            if (t.getName().startsWith("p11plug-rpc-")) {
                out.append("\n").append(t.getName()).append(" ").append(t.getState());
                for (StackTraceElement f : frames) {
                    out.append("\n\tat ").append(f);
                }
            }
        });
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        engine.removeBackend(backend);
        engine.close();
        if (backend instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
