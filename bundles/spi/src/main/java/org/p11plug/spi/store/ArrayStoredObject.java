package org.p11plug.spi.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A ready-made stored object whose values live on the Java heap, for stores and backends that
 * keep them there: parallel arrays scanned linearly (objects have a few dozen attributes, so
 * this beats a hash map and boxes nothing). Replaced and erased values are overwritten. Not
 * thread-safe by itself: the engine's per-object lock serializes writers against readers.
 * Subclasses may persist changes before applying them (override {@link #update}).
 */
@ConsumerType
public class ArrayStoredObject implements StoredObject {
    private final long id;
    private long[] types = new long[0];
    private byte[][] values = new byte[0][];
    private boolean[] secret = new boolean[0];

    /** Takes ownership of the values' arrays. */
    public ArrayStoredObject(long id, List<StoredValue> initial) {
        this.id = id;
        // sized once: a new object's values come with distinct types (duplicates still resolve,
        // the later one wins, through apply)
        int n = initial.size();
        long[] t = new long[n];
        byte[][] v = new byte[n][];
        boolean[] sec = new boolean[n];
        int count = 0;
        List<StoredValue> repeated = null;
        long[] seenLow = new long[16]; // the standard types (below 1024) as a bit set: no quadratic check
        for (int k = 0; k < n; k++) {
            StoredValue value = initial.get(k);
            long type = value.type();
            boolean seen;
            if (type >= 0 && type < 1024) {
                long bit = 1L << type;
                seen = (seenLow[(int) (type >>> 6)] & bit) != 0;
                seenLow[(int) (type >>> 6)] |= bit;
            } else {
                seen = false;
                for (int i = 0; i < count && !seen; i++) {
                    seen = t[i] == type;
                }
            }
            if (seen) {
                repeated = repeated == null ? new java.util.ArrayList<>() : repeated;
                repeated.add(value);
                continue;
            }
            t[count] = type;
            v[count] = value.value();
            sec[count] = value.secret();
            count++;
        }
        types = count == n ? t : Arrays.copyOf(t, count);
        values = count == n ? v : Arrays.copyOf(v, count);
        secret = count == n ? sec : Arrays.copyOf(sec, count);
        if (repeated != null) {
            apply(repeated);
        }
    }

    @Override
    public final long id() {
        return id;
    }

    @Override
    public final long[] types() {
        return types.clone();
    }

    @Override
    public final boolean has(long type) {
        return indexOf(type) >= 0;
    }

    @Override
    public final int length(long type) {
        int i = indexOf(type);
        return i < 0 ? -1 : values[i].length;
    }

    @Override
    public final boolean isSecret(long type) {
        int i = indexOf(type);
        return i >= 0 && secret[i];
    }

    @Override
    public final byte[] read(long type) {
        int i = require(type);
        if (secret[i]) {
            throw new IllegalStateException("secret value: use withSecret");
        }
        return values[i].clone();
    }

    @Override
    public final boolean matches(long type, byte[] expected) {
        int i = indexOf(type);
        return i >= 0 && !secret[i] && Arrays.equals(values[i], expected);
    }

    @Override
    public final <R> R withSecret(long type, SecretFunction<R> use) {
        byte[] copy = values[require(type)].clone();
        try {
            return use.apply(copy);
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    /** One pass over the arrays. */
    @Override
    public final List<StoredValue> copyAll() {
        List<StoredValue> all = new ArrayList<>(types.length);
        for (int i = 0; i < types.length; i++) {
            all.add(new StoredValue(types[i], values[i].clone(), secret[i]));
        }
        return all;
    }

    /** Applies the changes in memory; see {@link #apply}. */
    @Override
    public void update(List<StoredValue> changes) {
        apply(changes);
    }

    /** Adds or replaces values, overwriting the replaced arrays; takes ownership of the new ones. */
    protected final void apply(List<StoredValue> changes) {
        for (StoredValue v : changes) {
            int i = indexOf(v.type());
            if (i >= 0) {
                Arrays.fill(values[i], (byte) 0);
                values[i] = v.value();
                secret[i] = v.secret();
            } else {
                int n = types.length;
                types = Arrays.copyOf(types, n + 1);
                values = Arrays.copyOf(values, n + 1);
                secret = Arrays.copyOf(secret, n + 1);
                types[n] = v.type();
                values[n] = v.value();
                secret[n] = v.secret();
            }
        }
    }

    /**
     * Every value with {@code changes} on top, as the object would be after {@link #apply}; the
     * arrays are the live ones (no copies), for serializing before the change is applied.
     */
    protected final List<StoredValue> viewWith(List<StoredValue> changes) {
        List<StoredValue> all = new ArrayList<>(types.length + changes.size());
        for (int i = 0; i < types.length; i++) {
            all.add(new StoredValue(types[i], values[i], secret[i]));
        }
        for (StoredValue c : changes) {
            all.removeIf(v -> v.type() == c.type());
            all.add(c);
        }
        return all;
    }

    /** Bytes held, with a fixed overhead per attribute, for C_GetObjectSize. */
    @Override
    public final long size() {
        long size = 0;
        for (byte[] v : values) {
            size += 16 + v.length;
        }
        return size;
    }

    /** Overwrites every value and empties the object. */
    public final void erase() {
        for (byte[] v : values) {
            Arrays.fill(v, (byte) 0);
        }
        types = new long[0];
        values = new byte[0][];
        secret = new boolean[0];
    }

    private int indexOf(long type) {
        long[] t = types;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == type) {
                return i;
            }
        }
        return -1;
    }

    private int require(long type) {
        int i = indexOf(type);
        if (i < 0) {
            throw new NoSuchElementException("attribute 0x" + Long.toHexString(type));
        }
        return i;
    }

    /** Plain heap arrays: a prepared primitive on the heap protects the key no less. */
    @Override
    public boolean allowsPreparedKeys() {
        return true;
    }
}
