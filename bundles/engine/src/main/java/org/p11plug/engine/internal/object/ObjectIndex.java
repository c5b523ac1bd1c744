package org.p11plug.engine.internal.object;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    private final Set<ObjectRecord> all = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Key, Set<ObjectRecord>> buckets = new ConcurrentHashMap<>();

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
        if (!all.add(record)) {
            return;
        }
        Key[] keys = keysFor(record);
        record.indexKeys(this, keys);
        for (Key k : keys) {
            buckets.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(record);
        }
    }

    public synchronized void remove(ObjectRecord record) {
        if (!all.remove(record)) {
            return;
        }
        Key[] keys = record.indexKeys(this, null);
        if (keys != null) {
            for (Key k : keys) {
                Set<ObjectRecord> bucket = buckets.get(k);
                if (bucket != null) {
                    bucket.remove(record);
                    if (bucket.isEmpty()) {
                        buckets.remove(k);
                    }
                }
            }
        }
    }

    /** Re-files an object whose indexed attributes may have changed. */
    public synchronized void update(ObjectRecord record) {
        if (all.contains(record)) {
            remove(record);
            add(record);
        }
    }

    public boolean contains(ObjectRecord record) {
        return all.contains(record);
    }

    public int size() {
        return all.size();
    }

    public Collection<ObjectRecord> all() {
        return Collections.unmodifiableSet(all);
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
            Set<ObjectRecord> bucket = buckets.get(new Key(type, value));
            if (bucket == null) {
                return Set.of();
            }
            if (best == null || bucket.size() < best.size()) {
                best = bucket;
            }
        }
        return best != null ? Collections.unmodifiableCollection(best) : all();
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
