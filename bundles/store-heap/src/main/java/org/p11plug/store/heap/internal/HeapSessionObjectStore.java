package org.p11plug.store.heap.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.p11plug.spi.store.PartitionContext;
import org.p11plug.spi.store.SessionObjectStore;
import org.p11plug.spi.store.StorePartition;

/**
 * The heap store: session-object values as plain Java byte arrays, overwritten when their object
 * is destroyed and when the store stops. The fastest strategy; its limit is the Java heap
 * itself, which the garbage collector may copy and a heap dump shows (docs/stores.md).
 */
@Component(service = SessionObjectStore.class, property = {"store.kind=heap", "service.ranking:Integer=100"})
public final class HeapSessionObjectStore implements SessionObjectStore {
    private final Set<HeapPartition> partitions = ConcurrentHashMap.newKeySet();

    @Override
    public String kind() {
        return "heap";
    }

    @Override
    public StorePartition openPartition(PartitionContext context) {
        HeapPartition[] self = new HeapPartition[1];
        self[0] = new HeapPartition(() -> partitions.remove(self[0]));
        partitions.add(self[0]);
        return self[0];
    }

    @Override
    public long objectCount() {
        return partitions.stream().mapToInt(HeapPartition::size).sum();
    }

    /** Overwrites every value still held. */
    @Deactivate
    public void shutdown() {
        for (HeapPartition p : partitions) {
            p.close();
        }
    }
}
