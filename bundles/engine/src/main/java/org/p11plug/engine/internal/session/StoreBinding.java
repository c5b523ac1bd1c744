package org.p11plug.engine.internal.session;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.p11plug.spi.store.SessionObjectStore;

/**
 * The session-object store the engine uses now, and every partition opened in a store. Binding
 * another store migrates every live session object into it (values copied, then erased from the
 * old store) while operations continue; losing the last store erases the objects it held, after
 * which creating session objects answers CKR_DEVICE_MEMORY until a store is bound again.
 */
public final class StoreBinding {
    private static final Logger LOG = Logger.getLogger(StoreBinding.class.getName());

    private volatile @Nullable SessionObjectStore current;
    private final Set<AppTokenState> holders = ConcurrentHashMap.newKeySet();

    public Optional<SessionObjectStore> current() {
        return Optional.ofNullable(current);
    }

    /** Makes {@code store} the bound store and moves every session object into it. */
    public synchronized void bind(SessionObjectStore store) {
        SessionObjectStore previous = current;
        current = store;
        if (previous != store) {
            LOG.log(Level.INFO, "session-object store is now {0}{1}",
                    new Object[] {store.kind(), previous == null ? "" : " (migrating from " + previous.kind() + ")"});
            for (AppTokenState holder : holders) {
                holder.migrateTo(store);
            }
        }
    }

    /**
     * The store is going away. If it is the bound one and no replacement was bound first, the
     * objects it holds are erased and their handles become invalid.
     */
    public synchronized void unbind(SessionObjectStore store) {
        if (current == store) {
            current = null;
            LOG.log(Level.WARNING, "session-object store {0} went away and no other is bound:"
                    + " its session objects are erased", store.kind());
        }
        for (AppTokenState holder : holders) {
            holder.releaseStore(store);
        }
    }

    void register(AppTokenState holder) {
        holders.add(holder);
    }

    void unregister(AppTokenState holder) {
        holders.remove(holder);
    }
}
