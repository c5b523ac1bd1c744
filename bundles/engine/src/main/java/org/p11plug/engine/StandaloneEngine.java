package org.p11plug.engine;

import org.p11plug.api.CryptokiService;
import org.p11plug.engine.internal.CryptokiServiceImpl;
import org.p11plug.engine.internal.Engine;
import org.p11plug.spi.status.EngineStatus;
import org.p11plug.spi.store.SessionObjectStore;
import org.p11plug.spi.token.TokenBackend;

/**
 * The engine without OSGi: for tests, benchmarks and plain-classpath programs (the JCA
 * provider's bootstrap). The same classes DS wires, assembled by hand:
 *
 * <pre>{@code
 * try (StandaloneEngine engine = new StandaloneEngine()) {
 *     engine.bindStore(new HeapSessionObjectStore());
 *     engine.addBackend(softToken);
 *     CryptokiService cryptoki = engine.service("my-app");
 *     ...
 * }
 * }</pre>
 */
public final class StandaloneEngine implements AutoCloseable {
    private final Engine engine = new Engine();

    /** Binds a store, migrating session objects from the one bound before (a hot swap). */
    public StandaloneEngine bindStore(SessionObjectStore store) {
        engine.storeAvailable(store, 0);
        engine.bindStore(store);
        return this;
    }

    /** Removes a store; with no replacement bound first, the objects it held are erased. */
    public StandaloneEngine unbindStore(SessionObjectStore store) {
        engine.unbindStore(store);
        engine.storeGone(store);
        return this;
    }

    public StandaloneEngine addBackend(TokenBackend backend) {
        engine.addBackend(backend);
        return this;
    }

    public StandaloneEngine removeBackend(TokenBackend backend) {
        engine.removeBackend(backend);
        return this;
    }

    /** A service for one consumer: itself an application, and a source of further ones. */
    public CryptokiService service(String consumer) {
        return new CryptokiServiceImpl(engine, engine.openApplication(consumer), consumer);
    }

    public EngineStatus status() {
        return engine;
    }

    /** Finalizes every application the engine served. */
    @Override
    public void close() {
        engine.shutdown();
    }
}
