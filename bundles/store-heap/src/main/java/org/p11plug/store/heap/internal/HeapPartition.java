package org.p11plug.store.heap.internal;

import java.util.List;
import org.p11plug.spi.store.ArrayStoredObject;
import org.p11plug.spi.store.LiveObjects;
import org.p11plug.spi.store.StorePartition;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;

/** The heap objects of one application on one token; closing it overwrites them all. */
final class HeapPartition implements StorePartition {
    private final Runnable onClose;
    private final LiveObjects<HeapObject> live = new LiveObjects<>();

    /** A stored object that knows its partition and its place in the partition's list. */
    private static final class HeapObject extends ArrayStoredObject {
        private final HeapPartition partition;
        private LiveObjects.Link<HeapObject> link;

        HeapObject(HeapPartition partition, long id, List<StoredValue> values) {
            super(id, values);
            this.partition = partition;
        }
    }

    HeapPartition(Runnable onClose) {
        this.onClose = onClose;
    }

    @Override
    public StoredObject store(long objectId, List<StoredValue> values) {
        if (live.isClosed()) {
            throw new IllegalStateException("partition closed");
        }
        HeapObject o = new HeapObject(this, objectId, values);
        try {
            o.link = live.add(o);
        } catch (IllegalStateException closedMeanwhile) {
            o.erase();
            throw closedMeanwhile;
        }
        return o;
    }

    @Override
    public void destroy(StoredObject object) {
        if (object instanceof HeapObject o && o.partition == this && live.remove(o.link)) {
            o.erase();
        }
    }

    int size() {
        return live.size();
    }

    @Override
    public void close() {
        List<HeapObject> left = live.close();
        if (left == null) {
            return;
        }
        for (HeapObject o : left) {
            o.erase();
        }
        onClose.run();
    }
}
