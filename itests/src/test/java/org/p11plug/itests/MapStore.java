package org.p11plug.itests;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.p11plug.spi.store.AttributeValues;
import org.p11plug.spi.store.PartitionContext;
import org.p11plug.spi.store.SecretFunction;
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
        Set<Obj> objects = ConcurrentHashMap.newKeySet();
        return new StorePartition() {
            @Override
            public StoredObject store(long objectId, List<StoredValue> values) {
                Obj o = new Obj(objectId, values);
                objects.add(o);
                held.incrementAndGet();
                return o;
            }

            @Override
            public void destroy(StoredObject object) {
                if (objects.remove(object)) {
                    ((Obj) object).values.erase();
                    held.decrementAndGet();
                }
            }

            @Override
            public void close() {
                for (Obj o : objects) {
                    destroy(o);
                }
            }
        };
    }

    private static final class Obj implements StoredObject {
        final long id;
        final AttributeValues values;

        Obj(long id, List<StoredValue> initial) {
            this.id = id;
            this.values = new AttributeValues(initial);
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public long[] types() {
            return values.types();
        }

        @Override
        public boolean has(long type) {
            return values.has(type);
        }

        @Override
        public int length(long type) {
            return values.length(type);
        }

        @Override
        public boolean isSecret(long type) {
            return values.isSecret(type);
        }

        @Override
        public byte[] read(long type) {
            return values.read(type);
        }

        @Override
        public boolean matches(long type, byte[] expected) {
            return values.matches(type, expected);
        }

        @Override
        public <R> R withSecret(long type, SecretFunction<R> use) {
            return values.withSecret(type, use);
        }

        @Override
        public void update(List<StoredValue> changes) {
            values.apply(changes);
        }

        @Override
        public long size() {
            return values.size();
        }
    }
}
