package org.p11plug.spi.store;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The session objects of one application on one token, in one store. Closing the partition
 * (application finalized, token removed, store swapped out) erases every object still in it.
 */
@ConsumerType
public interface StorePartition extends AutoCloseable {
    /** Stores a new object's values, taking ownership of the arrays. */
    StoredObject store(long objectId, List<StoredValue> values);

    /** Erases one object's values; the object must not be used afterwards. */
    void destroy(StoredObject object);

    /** Erases every object still held; idempotent. */
    @Override
    void close();
}
