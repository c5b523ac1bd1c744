package org.p11plug.store.offheap.internal;

import java.util.List;
import org.p11plug.spi.store.LiveObjects;
import org.p11plug.spi.store.StorePartition;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;

/** The off-heap objects of one application on one token; closing it overwrites them all. */
final class OffHeapPartition implements StorePartition {
    private final NativeHeap heap;
    private final Runnable onClose;
    private final LiveObjects<OffHeapObject> live = new LiveObjects<>();

    OffHeapPartition(NativeHeap heap, Runnable onClose) {
        this.heap = heap;
        this.onClose = onClose;
    }

    NativeHeap heap() {
        return heap;
    }

    @Override
    public StoredObject store(long objectId, List<StoredValue> values) {
        if (live.isClosed()) {
            throw new IllegalStateException("partition closed");
        }
        OffHeapObject o = new OffHeapObject(this, objectId, values, heap); // copies out of the list's lock
        try {
            o.link = live.add(o);
        } catch (IllegalStateException closedMeanwhile) {
            o.erase(heap);
            throw closedMeanwhile;
        }
        return o;
    }

    @Override
    public void destroy(StoredObject object) {
        if (object instanceof OffHeapObject o && o.partition == this && live.remove(o.link)) {
            o.erase(heap);
        }
    }

    int size() {
        return live.size();
    }

    @Override
    public void close() {
        List<OffHeapObject> left = live.close();
        if (left == null) {
            return;
        }
        for (OffHeapObject o : left) {
            o.erase(heap);
        }
        onClose.run();
    }
}
