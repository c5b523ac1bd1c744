package org.p11plug.engine.internal.object;

import java.util.ArrayList;
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
    /**
     * The objects of each class, as lists threaded through the records: every object has a
     * class, so together they hold every object. Filing an object here costs a few pointer
     * writes (a concurrent set of every object cost a tenth of C_CreateObject); a search that
     * starts from a class takes a snapshot under the lock, which costs no more than the search.
     */
    private final ConcurrentHashMap<Long, ClassList> byClass = new ConcurrentHashMap<>();

    /** One class's objects; changed and read under the index's lock. */
    private static final class ClassList {
        private @Nullable ObjectRecord head;
        private volatile int size;

        void add(ObjectRecord r) {
            r.classPrev = null;
            r.classNext = head;
            if (head != null) {
                head.classPrev = r;
            }
            head = r;
            size++;
        }

        void remove(ObjectRecord r) {
            if (r.classPrev != null) {
                r.classPrev.classNext = r.classNext;
            } else if (head == r) {
                head = r.classNext;
            } else {
                return; // not in this list
            }
            if (r.classNext != null) {
                r.classNext.classPrev = r.classPrev;
            }
            r.classPrev = null;
            r.classNext = null;
            size--;
        }

        void copyTo(List<ObjectRecord> into) {
            for (ObjectRecord r = head; r != null; r = r.classNext) {
                into.add(r);
            }
        }
    }

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
        /** Set once the bucket has held an object (guarded by the index's lock). */
        boolean everUsed;
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
    /**
     * Buckets left empty by removals. An emptied bucket stays (the next object with the same
     * label usually comes soon, and remaking a bucket costs as much as filing the object); they
     * are swept once they outnumber the objects, so unique labels cannot pile them up.
     */
    private int emptyBuckets;

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
            if (k.type() == CKA.CLASS) {
                byClass.computeIfAbsent(record.objectClass(), c -> new ClassList()).add(record);
                continue;
            }
            Bucket bucket = buckets.computeIfAbsent(k, x -> new Bucket());
            if (bucket.isEmpty() && bucket.everUsed) {
                emptyBuckets--;
            }
            bucket.everUsed = true;
            bucket.add(record);
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
                if (k.type() == CKA.CLASS) {
                    ClassList list = byClass.get(record.objectClass());
                    if (list != null) {
                        list.remove(record);
                    }
                    continue;
                }
                Bucket bucket = buckets.get(k);
                if (bucket != null) {
                    bucket.remove(record);
                    if (bucket.isEmpty()) {
                        emptyBuckets++;
                    }
                }
            }
        }
        sweepIfNeeded();
    }

    /** Drops the emptied buckets once they outnumber the objects (amortized: each sweep follows as many removals). */
    private void sweepIfNeeded() {
        if (emptyBuckets > Math.max(1024, size)) {
            buckets.entrySet().removeIf(e -> e.getValue().isEmpty());
            emptyBuckets = 0;
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

    /** How many buckets exist, emptied ones included (for tests of the sweep). */
    int bucketCount() {
        return buckets.size();
    }

    /** Every object now in the index (a snapshot). */
    public synchronized List<ObjectRecord> all() {
        List<ObjectRecord> all = new ArrayList<>(size);
        for (ClassList list : byClass.values()) {
            list.copyTo(all);
        }
        return all;
    }

    /** The objects of one class now in the index (a snapshot). */
    private synchronized List<ObjectRecord> ofClass(long objectClass) {
        ClassList list = byClass.get(objectClass);
        if (list == null) {
            return List.of();
        }
        List<ObjectRecord> members = new ArrayList<>(list.size);
        list.copyTo(members);
        return members;
    }

    /** The smallest set of objects that can match the template; the caller still checks each. */
    public Collection<ObjectRecord> candidates(FindTemplate template) {
        if (template.contradictory()) {
            return Set.of();
        }
        Bucket best = null;
        for (long type : INDEXED) {
            byte[] value = template.value(type);
            if (value == null || type == CKA.CLASS) {
                continue;
            }
            Bucket bucket = buckets.get(new Key(type, value));
            if (bucket == null || bucket.isEmpty()) {
                return Set.of();
            }
            if (best == null || bucket.size() < best.size()) {
                best = bucket;
            }
        }
        byte[] objectClass = template.value(CKA.CLASS);
        if (objectClass != null) {
            ClassList list = objectClass.length == Long.BYTES ? byClass.get(Ulong.decode(objectClass)) : null;
            if (list == null || list.size == 0) {
                return Set.of();
            }
            if (best == null || list.size < best.size()) {
                return ofClass(Ulong.decode(objectClass));
            }
        }
        return best != null ? best.view() : all();
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
