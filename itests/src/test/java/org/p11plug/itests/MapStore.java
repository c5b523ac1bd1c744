package org.p11plug.itests;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.p11plug.spi.store.ArrayStoredObject;
import org.p11plug.spi.store.PartitionContext;
import org.p11plug.spi.store.SessionObjectStore;
import org.p11plug.spi.store.StorePartition;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;

/** A store of the test's own, to watch the engine bind it, migrate into it and away from it. */
final class MapStore implements SessionObjectStore {
    final AtomicInteger held = new AtomicInteger();

    @Override
    public String kind() {
        return "test";
    }

    @Override
    public StorePartition openPartition(PartitionContext context) {
        Set<ArrayStoredObject> objects = ConcurrentHashMap.newKeySet();
        return new StorePartition() {
            @Override
            public StoredObject store(long objectId, List<StoredValue> values) {
                ArrayStoredObject o = new ArrayStoredObject(objectId, values);
                objects.add(o);
                held.incrementAndGet();
                return o;
            }

            @Override
            public void destroy(StoredObject object) {
                if (objects.remove(object)) {
                    ((ArrayStoredObject) object).erase();
                    held.decrementAndGet();
                }
            }

            @Override
            public void close() {
                for (ArrayStoredObject o : objects) {
                    destroy(o);
                }
            }
        };
    }
}
