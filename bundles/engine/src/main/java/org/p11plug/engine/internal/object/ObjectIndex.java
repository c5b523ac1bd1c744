package org.p11plug.engine.internal.object;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.raw.Ulong;

/**
 * Finds objects without scanning them: buckets keyed by the value of CKA_CLASS, CKA_KEY_TYPE,
 * CKA_LABEL and CKA_ID. A search starts from the smallest bucket any of its criteria selects
 * and checks only those candidates; only a template without an indexed attribute walks every
 * object. Reads are lock-free; changes are serialized per index.
 */
public final class ObjectIndex {
    private static final long[] INDEXED = {CKA.CLASS, CKA.KEY_TYPE, CKA.LABEL, CKA.ID};

    private final ConcurrentHashMap<Key, Bucket> buckets = new ConcurrentHashMap<>();
    /** The CKA_CLASS buckets: every object has a class, so together they hold every object. */
    private final ConcurrentHashMap<Long, Bucket> byClass = new ConcurrentHashMap<>();

    /**
     * The objects sharing one indexed value. Most buckets (a label, an id) hold one or a few
     * objects and come and go with them, so a small bucket is an array replaced on change
     * (cheap to make, safe to read without a lock); past {@link #SMALL} it becomes a concurrent
     * set for good. Changes happen under the index's lock.
     */
    private static final class Bucket {
        private static final int SMALL = 8;
        private static final ObjectRecord[] NONE = {};
        private volatile ObjectRecord[] small = NONE;
        private volatile @Nullable Set<ObjectRecord> large;

        void add(ObjectRecord r) {
            Set<ObjectRecord> set = large;
            if (set != null) {
                set.add(r);
                return;
            }
            ObjectRecord[] now = small;
            if (now.length < SMALL) {
                ObjectRecord[] more = Arrays.copyOf(now, now.length + 1);
                more[now.length] = r;
                small = more;
                return;
            }
            Set<ObjectRecord> grown = ConcurrentHashMap.newKeySet();
            grown.addAll(Arrays.asList(now));
            grown.add(r);
            large = grown; // published before the array is dropped: a reader sees one or the other whole
            small = NONE;
        }

        void remove(ObjectRecord r) {
            Set<ObjectRecord> set = large;
            if (set != null) {
                set.remove(r);
                return;
            }
            ObjectRecord[] now = small;
            for (int i = 0; i < now.length; i++) {
                if (now[i] == r) {
                    ObjectRecord[] fewer = new ObjectRecord[now.length - 1];
                    System.arraycopy(now, 0, fewer, 0, i);
                    System.arraycopy(now, i + 1, fewer, i, now.length - i - 1);
                    small = fewer.length == 0 ? NONE : fewer;
                    return;
                }
            }
        }

        int size() {
            Set<ObjectRecord> set = large;
            return set != null ? set.size() : small.length;
        }

        boolean isEmpty() {
            return size() == 0;
        }

        Collection<ObjectRecord> view() {
            Set<ObjectRecord> set = large;
            return set != null ? Collections.unmodifiableSet(set) : List.of(small);
        }
    }
    private volatile int size;

    record Key(long type, byte[] value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.type == type && Arrays.equals(k.value, value);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(type) * 31 + Arrays.hashCode(value);
        }
    }

    public synchronized void add(ObjectRecord record) {
        if (record.indexedIn(this)) {
            return;
        }
        Key[] keys = keysFor(record);
        record.indexKeys(this, keys);
        for (Key k : keys) {
            Bucket bucket = buckets.computeIfAbsent(k, x -> new Bucket());
            bucket.add(record);
            if (k.type() == CKA.CLASS) {
                byClass.putIfAbsent(record.objectClass(), bucket);
            }
        }
        size++;
    }

    public synchronized void remove(ObjectRecord record) {
        if (!record.indexedIn(this)) {
            return;
        }
        size--;
        Key[] keys = record.indexKeys(this, null);
        if (keys != null) {
            for (Key k : keys) {
                Bucket bucket = buckets.get(k);
                if (bucket != null) {
                    bucket.remove(record);
                    if (bucket.isEmpty() && k.type() != CKA.CLASS) {
                        buckets.remove(k); // class buckets stay: there are few classes
                    }
                }
            }
        }
    }

    /** Re-files an object whose indexed attributes may have changed. */
    public synchronized void update(ObjectRecord record) {
        if (record.indexedIn(this)) {
            remove(record);
            add(record);
        }
    }

    public boolean contains(ObjectRecord record) {
        return record.indexedIn(this);
    }

    public int size() {
        return size;
    }

    /** Every object, as a live view over the class buckets (weakly consistent, like theirs). */
    public Collection<ObjectRecord> all() {
        return new java.util.AbstractCollection<>() {
            @Override
            public java.util.Iterator<ObjectRecord> iterator() {
                return byClass.values().stream().flatMap(b -> b.view().stream()).iterator();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The smallest set of objects that can match the template; the caller still checks each. */
    public Collection<ObjectRecord> candidates(FindTemplate template) {
        if (template.contradictory()) {
            return Set.of();
        }
        Collection<ObjectRecord> best = null;
        for (long type : INDEXED) {
            byte[] value = template.value(type);
            if (value == null) {
                continue;
            }
            Bucket bucket = buckets.get(new Key(type, value));
            if (bucket == null) {
                return Set.of();
            }
            if (best == null || bucket.size() < best.size()) {
                best = bucket.view();
            }
        }
        return best != null ? best : all();
    }

    private static Key[] keysFor(ObjectRecord record) {
        ObjectRecord.Policy p = record.policy();
        Key[] keys = new Key[4];
        int n = 0;
        keys[n++] = new Key(CKA.CLASS, Ulong.encode(record.objectClass()));
        if (p.keyType() != -1) {
            keys[n++] = new Key(CKA.KEY_TYPE, Ulong.encode(p.keyType()));
        }
        if (p.label() != null) {
            keys[n++] = new Key(CKA.LABEL, p.label());
        }
        if (p.id() != null) {
            keys[n++] = new Key(CKA.ID, p.id());
        }
        return Arrays.copyOf(keys, n);
    }
}
