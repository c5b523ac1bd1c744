package org.p11plug.store.offheap.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p11plug.spi.store.StorePartition;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;

/**
 * The off-heap objects of one application on one token; closing it overwrites them all. The
 * live objects form a list threaded through them, as in the heap store.
 */
final class OffHeapPartition implements StorePartition {
    private final NativeHeap heap;
    private final Runnable onClose;
    private @Nullable OffHeapObject head;
    private int size;
    private boolean closed;

    OffHeapPartition(NativeHeap heap, Runnable onClose) {
        this.heap = heap;
        this.onClose = onClose;
    }

    NativeHeap heap() {
        return heap;
    }

    @Override
    public StoredObject store(long objectId, List<StoredValue> values) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("partition closed");
            }
        }
        OffHeapObject o = new OffHeapObject(this, objectId, values, heap); // copies out of the lock
        synchronized (this) {
            if (closed) {
                o.erase(heap);
                throw new IllegalStateException("partition closed");
            }
            o.next = head;
            if (head != null) {
                head.prev = o;
            }
            head = o;
            size++;
        }
        return o;
    }

    @Override
    public void destroy(StoredObject object) {
        if (!(object instanceof OffHeapObject o) || o.partition != this) {
            return;
        }
        synchronized (this) {
            if (!o.live) {
                return;
            }
            unlink(o);
            o.live = false;
        }
        o.erase(heap);
    }

    private void unlink(OffHeapObject o) {
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
            for (OffHeapObject o = head; o != null; ) {
                OffHeapObject next = o.next;
                o.prev = null;
                o.next = null;
                o.erase(heap);
                o = next;
            }
            head = null;
            size = 0;
        }
        onClose.run();
    }
}
