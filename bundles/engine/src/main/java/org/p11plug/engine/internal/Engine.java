package org.p11plug.engine.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.p11plug.api.Application;
import org.p11plug.engine.internal.session.ApplicationImpl;
import org.p11plug.engine.internal.session.EngineCore;
import org.p11plug.engine.internal.typed.TypedApplication;
import org.p11plug.spi.status.EngineStatus;
import org.p11plug.spi.store.SessionObjectStore;
import org.p11plug.spi.token.TokenBackend;

/**
 * The engine, assembled without any framework: bind stores and backends, open applications.
 * The DS component and the standalone assembly both drive this class; it never finalizes
 * applications on its own except at {@link #shutdown()}.
 */
public final class Engine implements EngineStatus {
    private final EngineCore core = new EngineCore();
    private final Map<SessionObjectStore, Integer> knownStores = new ConcurrentHashMap<>();

    /** Opens an application: each is what C_Initialize makes. */
    public ApplicationImpl openApplication(String name) {
        return core.openApplication(name);
    }

    public Application openTypedApplication(String name) {
        return new TypedApplication(openApplication(name));
    }

    /** Makes {@code store} the one session objects live in, migrating those that live elsewhere. */
    public void bindStore(SessionObjectStore store) {
        core.stores().bind(store);
    }

    public void unbindStore(SessionObjectStore store) {
        core.stores().unbind(store);
    }

    /** Records a store service the engine could bind, for the status view. */
    public void storeAvailable(SessionObjectStore store, int ranking) {
        knownStores.put(store, ranking);
    }

    public void storeGone(SessionObjectStore store) {
        knownStores.remove(store);
    }

    public void addBackend(TokenBackend backend) {
        core.slots().addBackend(backend);
    }

    public void removeBackend(TokenBackend backend) {
        core.slots().removeBackend(backend);
    }

    /** Finalizes every application (their sessions close, their session objects are erased). */
    public void shutdown() {
        core.closeAll();
    }

    @Override
    public Optional<String> boundStore() {
        return core.stores().current().map(SessionObjectStore::kind);
    }

    @Override
    public List<String> availableStores() {
        List<Map.Entry<SessionObjectStore, Integer>> entries = new ArrayList<>(knownStores.entrySet());
        entries.sort(Map.Entry.<SessionObjectStore, Integer>comparingByValue(Comparator.reverseOrder()));
        return entries.stream().map(e -> {
            long held = e.getKey().objectCount();
            return e.getKey().kind() + " (ranking " + e.getValue() + (held < 0 ? "" : ", " + held + " objects") + ")";
        }).toList();
    }

    @Override
    public List<String> backends() {
        return core.slots().backendNames();
    }

    @Override
    public int applicationCount() {
        return core.applications().size();
    }

    @Override
    public int sessionCount() {
        return core.applications().stream().mapToInt(ApplicationImpl::sessionCount).sum();
    }

    @Override
    public long sessionObjectCount() {
        return core.applications().stream().mapToLong(ApplicationImpl::sessionObjectCount).sum();
    }
}
