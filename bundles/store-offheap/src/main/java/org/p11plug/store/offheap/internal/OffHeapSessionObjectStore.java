package org.p11plug.store.offheap.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.p11plug.spi.store.PartitionContext;
import org.p11plug.spi.store.SessionObjectStore;
import org.p11plug.spi.store.StorePartition;

/**
 * The off-heap store: every session-object value in native memory the garbage collector never
 * sees, locked in RAM and out of core dumps where the OS allows ({@link LinuxMemory}),
 * overwritten when its object is destroyed and when the store stops. Between operations no
 * value it holds is in the Java heap; a secret is copied to the heap only for the one call that
 * uses it.
 */
@Component(service = SessionObjectStore.class, property = {"store.kind=off-heap", "service.ranking:Integer=200"})
public final class OffHeapSessionObjectStore implements SessionObjectStore {
    private static final Logger LOG = Logger.getLogger(OffHeapSessionObjectStore.class.getName());

    private final NativeHeap heap;
    private final Set<OffHeapPartition> partitions = ConcurrentHashMap.newKeySet();

    /** The store on the best memory this system offers. */
    @Activate
    public OffHeapSessionObjectStore() {
        this(bestMemory());
    }

    OffHeapSessionObjectStore(NativeMemory memory) {
        this.heap = new NativeHeap(memory);
        LOG.log(Level.INFO, "off-heap store: session objects in {0}", memory.describe());
    }

    private static NativeMemory bestMemory() {
        try {
            return LinuxMemory.load(true);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "off-heap store: libc unavailable ({0}); falling back to direct buffers,"
                    + " which are neither locked nor kept out of core dumps", e.toString());
            return new DirectMemory();
        }
    }

    @Override
    public String kind() {
        return "off-heap";
    }

    @Override
    public StorePartition openPartition(PartitionContext context) {
        OffHeapPartition[] self = new OffHeapPartition[1];
        self[0] = new OffHeapPartition(heap, () -> partitions.remove(self[0]));
        partitions.add(self[0]);
        return self[0];
    }

    @Override
    public long objectCount() {
        return partitions.stream().mapToInt(OffHeapPartition::size).sum();
    }

    /** Native bytes mapped now, and how many of them are locked. */
    public long mappedBytes() {
        return heap.mappedBytes();
    }

    public long lockedBytes() {
        return heap.lockedBytes();
    }

    /** Overwrites every value still held and unmaps the memory. */
    @Deactivate
    public void shutdown() {
        for (OffHeapPartition p : partitions) {
            p.close();
        }
        heap.close();
    }
}
