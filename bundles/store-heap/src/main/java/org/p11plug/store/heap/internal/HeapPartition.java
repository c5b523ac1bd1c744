package org.p11plug.store.heap.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p11plug.spi.store.ArrayStoredObject;
import org.p11plug.spi.store.StorePartition;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;

/**
 * The heap objects of one application on one token; closing it overwrites them all. The live
 * objects are a doubly linked list threaded through the objects (add and remove are a few
 * pointer writes under the partition's lock, no hashing on the hot path of C_CreateObject).
 */
final class HeapPartition implements StorePartition {
    private final Runnable onClose;
    private @Nullable HeapObject head;
    private int size;
    private boolean closed;

    /** A stored object that knows its place in its partition's list. */
    private static final class HeapObject extends ArrayStoredObject {
        private final HeapPartition partition;
        private @Nullable HeapObject prev;
        private @Nullable HeapObject next;
        private boolean live = true;

        HeapObject(HeapPartition partition, long id, List<StoredValue> values) {
            super(id, values);
            this.partition = partition;
        }
    }

    HeapPartition(Runnable onClose) {
        this.onClose = onClose;
    }

    @Override
    public synchronized StoredObject store(long objectId, List<StoredValue> values) {
        if (closed) {
            throw new IllegalStateException("partition closed");
        }
        HeapObject o = new HeapObject(this, objectId, values);
        o.next = head;
        if (head != null) {
            head.prev = o;
        }
        head = o;
        size++;
        return o;
    }

    @Override
    public void destroy(StoredObject object) {
        if (!(object instanceof HeapObject o) || o.partition != this) {
            return;
        }
        synchronized (this) {
            if (!o.live) {
                return;
            }
            unlink(o);
        }
        o.erase();
    }

    private void unlink(HeapObject o) {
        if (o.prev != null) {
            o.prev.next = o.next;
        } else {
            head = o.next;
        }
        if (o.next != null) {
            o.next.prev = o.prev;
        }
        o.prev = null;
        o.next = null;
        o.live = false;
        size--;
    }

    synchronized int size() {
        return size;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (HeapObject o = head; o != null; ) {
                HeapObject next = o.next;
                o.erase();
                o.prev = null;
                o.next = null;
                o.live = false;
                o = next;
            }
            head = null;
            size = 0;
        }
        onClose.run();
    }
}
