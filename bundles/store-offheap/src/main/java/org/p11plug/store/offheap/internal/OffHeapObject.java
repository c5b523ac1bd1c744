package org.p11plug.store.offheap.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import org.p11plug.spi.store.SecretFunction;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;
import org.p11plug.spi.store.StoredValues;

/**
 * One object's values in one native block, back to back; what is on the Java heap is only their
 * layout (types, offsets, lengths, which are secret), never a value. The arrays handed in are
 * copied out and overwritten at once. Reads copy out a fresh array; secrets are lent for one
 * call and overwritten when it returns.
 */
final class OffHeapObject implements StoredObject {
    private final long id;
    final OffHeapPartition partition;
    private long[] types;
    private int[] offsets;
    private int[] lengths;
    private boolean[] secret;
    private int used;
    private NativeHeap.Block block;
    /** The object's place in its partition's list of live objects. */
    org.p11plug.spi.store.LiveObjects.Link<OffHeapObject> link;
    volatile boolean live = true;

    /** Stores the values (a later duplicate type wins) and overwrites the given arrays. */
    OffHeapObject(OffHeapPartition partition, long id, List<StoredValue> values, NativeHeap heap) {
        this.partition = partition;
        this.id = id;
        List<StoredValue> distinct = StoredValues.lastOfEachType(values);
        int count = distinct.size();
        long[] t = new long[count];
        boolean[] s = new boolean[count];
        int[] len = new int[count];
        byte[][] v = new byte[count][];
        for (int i = 0; i < count; i++) {
            StoredValue value = distinct.get(i);
            t[i] = value.type();
            s[i] = value.secret();
            len[i] = value.value().length;
            v[i] = value.value();
        }
        int[] off = new int[count];
        int total = 0;
        for (int i = 0; i < count; i++) {
            off[i] = total;
            total += len[i];
        }
        NativeHeap.Block b = heap.allocate(total);
        try {
            for (int i = 0; i < count; i++) {
                b.put(off[i], v[i]);
            }
        } finally {
            for (StoredValue value : values) {
                Arrays.fill(value.value(), (byte) 0);
            }
        }
        this.types = t;
        this.secret = s;
        this.lengths = len;
        this.offsets = off;
        this.used = total;
        this.block = b;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public long[] types() {
        return types.clone();
    }

    @Override
    public boolean has(long type) {
        return indexOf(types, types.length, type) >= 0;
    }

    @Override
    public int length(long type) {
        int i = indexOf(types, types.length, type);
        return i < 0 ? -1 : lengths[i];
    }

    @Override
    public boolean isSecret(long type) {
        int i = indexOf(types, types.length, type);
        return i >= 0 && secret[i];
    }

    @Override
    public byte[] read(long type) {
        int i = require(type);
        if (secret[i]) {
            throw new IllegalStateException("secret value: use withSecret");
        }
        byte[] out = new byte[lengths[i]];
        block.get(offsets[i], out);
        return out;
    }

    @Override
    public boolean matches(long type, byte[] expected) {
        int i = indexOf(types, types.length, type);
        if (i < 0 || secret[i] || lengths[i] != expected.length) {
            return false;
        }
        checkLive();
        return block.equalsAt(offsets[i], expected);
    }

    @Override
    public <R> R withSecret(long type, SecretFunction<R> use) {
        int i = require(type);
        byte[] copy = new byte[lengths[i]];
        block.get(offsets[i], copy);
        try {
            return use.apply(copy);
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    /** One pass over the block: every value copied out (the caller erases the secret ones). */
    @Override
    public List<StoredValue> copyAll() {
        checkLive();
        List<StoredValue> all = new ArrayList<>(types.length);
        for (int i = 0; i < types.length; i++) {
            byte[] out = new byte[lengths[i]];
            block.get(offsets[i], out);
            all.add(new StoredValue(types[i], out, secret[i]));
        }
        return all;
    }

    /**
     * Writes the object anew into a fresh block (values kept are copied native to native), then
     * overwrites the old block: all or nothing, since nothing changes until the new block is full.
     */
    @Override
    public void update(List<StoredValue> changes) {
        checkLive();
        long[] t = Arrays.copyOf(types, types.length + changes.size());
        boolean[] s = Arrays.copyOf(secret, t.length);
        int[] len = Arrays.copyOf(lengths, t.length);
        int[] from = new int[t.length]; // where a kept value sits in the old block; -1 - k for changes[k]
        for (int i = 0; i < types.length; i++) {
            from[i] = offsets[i];
        }
        int count = types.length;
        for (int k = 0; k < changes.size(); k++) {
            StoredValue c = changes.get(k);
            int at = indexOf(t, count, c.type());
            if (at < 0) {
                at = count++;
            }
            t[at] = c.type();
            s[at] = c.secret();
            len[at] = c.value().length;
            from[at] = -1 - k;
        }
        int[] off = new int[count];
        int total = 0;
        for (int i = 0; i < count; i++) {
            off[i] = total;
            total += len[i];
        }
        NativeHeap.Block fresh = partition.heap().allocate(total);
        try {
            for (int i = 0; i < count; i++) {
                if (from[i] >= 0) {
                    fresh.copy(off[i], block, from[i], len[i]);
                } else {
                    fresh.put(off[i], changes.get(-1 - from[i]).value());
                }
            }
        } finally {
            for (StoredValue c : changes) {
                Arrays.fill(c.value(), (byte) 0);
            }
        }
        NativeHeap.Block old = block;
        int oldUsed = used;
        types = Arrays.copyOf(t, count);
        secret = Arrays.copyOf(s, count);
        lengths = Arrays.copyOf(len, count);
        offsets = off;
        used = total;
        block = fresh;
        partition.heap().free(old, oldUsed);
    }

    @Override
    public long size() {
        long size = 0;
        for (int l : lengths) {
            size += 16 + l;
        }
        return size;
    }

    /** Native memory is the protection: a primitive prepared on the heap would undo it. */
    @Override
    public boolean allowsPreparedKeys() {
        return false;
    }

    /** Overwrites the values and gives the block back; called once, by the partition. */
    void erase(NativeHeap heap) {
        live = false;
        heap.free(block, used);
        types = new long[0];
        offsets = new int[0];
        lengths = new int[0];
        secret = new boolean[0];
    }

    private void checkLive() {
        if (!live) {
            throw new IllegalStateException("object erased");
        }
    }

    private int require(long type) {
        checkLive();
        int i = indexOf(types, types.length, type);
        if (i < 0) {
            throw new NoSuchElementException("attribute 0x" + Long.toHexString(type));
        }
        return i;
    }

    private static int indexOf(long[] types, int count, long type) {
        for (int i = 0; i < count; i++) {
            if (types[i] == type) {
                return i;
            }
        }
        return -1;
    }
}
