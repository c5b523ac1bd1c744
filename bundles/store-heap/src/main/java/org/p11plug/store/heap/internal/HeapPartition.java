package org.p11plug.store.heap.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.p11plug.spi.store.ArrayStoredObject;
import org.p11plug.spi.store.StorePartition;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;

/** The heap objects of one application on one token; closing it overwrites them all. */
final class HeapPartition implements StorePartition {
    private final Set<ArrayStoredObject> objects = ConcurrentHashMap.newKeySet();
    private final Runnable onClose;
    private volatile boolean closed;

    HeapPartition(Runnable onClose) {
        this.onClose = onClose;
    }

    @Override
    public StoredObject store(long objectId, List<StoredValue> values) {
        if (closed) {
            throw new IllegalStateException("partition closed");
        }
        ArrayStoredObject o = new ArrayStoredObject(objectId, values);
        objects.add(o);
        return o;
    }

    @Override
    public void destroy(StoredObject object) {
        if (object instanceof ArrayStoredObject o && objects.remove(o)) {
            o.erase();
        }
    }

    int size() {
        return objects.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ArrayStoredObject o : objects) {
            o.erase();
        }
        objects.clear();
        onClose.run();
    }
}
