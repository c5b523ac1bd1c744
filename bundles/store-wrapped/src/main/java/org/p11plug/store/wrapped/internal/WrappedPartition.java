package org.p11plug.store.wrapped.internal;

import java.util.List;
import org.p11plug.spi.store.KeyEncryptionKey;
import org.p11plug.spi.store.LiveObjects;
import org.p11plug.spi.store.StorePartition;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;

/**
 * The wrapped objects of one application on one token, under the partition's own key; closing
 * it overwrites them all and erases the key.
 */
final class WrappedPartition implements StorePartition {
    private final PartitionKey key;
    private final Wrapping wrapping;
    private final Runnable onClose;
    private final LiveObjects<WrappedObject> live = new LiveObjects<>();

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
        if (live.isClosed()) {
            throw new IllegalStateException("partition closed");
        }
        WrappedObject o = new WrappedObject(this, objectId, values); // seals out of the list's lock
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
        if (object instanceof WrappedObject o && o.partition == this && live.remove(o.link)) {
            o.erase();
        }
    }

    int size() {
        return live.size();
    }

    @Override
    public void close() {
        List<WrappedObject> left = live.close();
        if (left == null) {
            return;
        }
        for (WrappedObject o : left) {
            o.erase();
        }
        key.erase();
        onClose.run();
    }
}
