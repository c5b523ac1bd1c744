package org.p11plug.store.wrapped.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p11plug.spi.store.KeyEncryptionKey;
import org.p11plug.spi.store.StorePartition;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;

/**
 * The wrapped objects of one application on one token, under the partition's own key; closing
 * it overwrites them all and erases the key. The live objects form a list threaded through
 * them, as in the heap store.
 */
final class WrappedPartition implements StorePartition {
    private final PartitionKey key;
    private final Wrapping wrapping;
    private final Runnable onClose;
    private @Nullable WrappedObject head;
    private int size;
    private boolean closed;

    WrappedPartition(KeyEncryptionKey kek, Runnable onClose) {
        this.key = new PartitionKey(kek);
        this.wrapping = new Wrapping(key);
        this.onClose = onClose;
    }

    Wrapping wrapping() {
        return wrapping;
    }

    @Override
    public StoredObject store(long objectId, List<StoredValue> values) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("partition closed");
            }
        }
        WrappedObject o = new WrappedObject(this, objectId, values); // seals out of the lock
        synchronized (this) {
            if (closed) {
                o.erase();
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
        if (!(object instanceof WrappedObject o) || o.partition != this) {
            return;
        }
        synchronized (this) {
            if (!o.live) {
                return;
            }
            unlink(o);
            o.live = false;
        }
        o.erase();
    }

    private void unlink(WrappedObject o) {
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
            for (WrappedObject o = head; o != null; ) {
                WrappedObject next = o.next;
                o.prev = null;
                o.next = null;
                o.erase();
                o = next;
            }
            head = null;
            size = 0;
            key.erase();
        }
        onClose.run();
    }
}
