package org.p11plug.store.wrapped.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.p11plug.spi.store.PartitionContext;
import org.p11plug.spi.store.SessionObjectStore;
import org.p11plug.spi.store.StorePartition;

/**
 * The wrapped store: secret values (what the engine marks secret: CKA_VALUE of secret and
 * EC/EdDSA private keys, RSA's private components) kept only AES-GCM encrypted, bound to their
 * object and attribute, under a key each application derives from its token's key-encryption
 * key. Erasing that KEK (token removed) or the application's key (C_Finalize, store swapped
 * out) makes every wrapped value unreadable at once. Plain values stay on the heap as in the
 * heap store.
 */
@Component(service = SessionObjectStore.class, property = {"store.kind=wrapped", "service.ranking:Integer=300"})
public final class WrappedSessionObjectStore implements SessionObjectStore {
    private final Set<WrappedPartition> partitions = ConcurrentHashMap.newKeySet();

    @Override
    public String kind() {
        return "wrapped";
    }

    @Override
    public StorePartition openPartition(PartitionContext context) {
        WrappedPartition[] self = new WrappedPartition[1];
        self[0] = new WrappedPartition(context.keyEncryptionKey(), () -> partitions.remove(self[0]));
        partitions.add(self[0]);
        return self[0];
    }

    @Override
    public long objectCount() {
        return partitions.stream().mapToInt(WrappedPartition::size).sum();
    }

    /** Overwrites every value still held and erases every partition key. */
    @Deactivate
    public void shutdown() {
        for (WrappedPartition p : partitions) {
            p.close();
        }
    }
}
