package org.p11plug.spi.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A ready-made holder of one object's values on the Java heap, for stores and backends that
 * keep values there: parallel arrays scanned linearly (objects have a few dozen attributes, so
 * this beats a hash map and boxes nothing). Replaced and erased values are overwritten. Not
 * thread-safe: the engine's per-object lock serializes writers against readers.
 */
public final class AttributeValues {
    private long[] types = new long[0];
    private byte[][] values = new byte[0][];
    private boolean[] secret = new boolean[0];

    /** Takes ownership of the values' arrays. */
    public AttributeValues(List<StoredValue> initial) {
        apply(initial);
    }

    public long[] types() {
        return types.clone();
    }

    public boolean has(long type) {
        return indexOf(type) >= 0;
    }

    public int length(long type) {
        int i = indexOf(type);
        return i < 0 ? -1 : values[i].length;
    }

    public boolean isSecret(long type) {
        int i = indexOf(type);
        return i >= 0 && secret[i];
    }

    /** @see StoredObject#read */
    public byte[] read(long type) {
        int i = require(type);
        if (secret[i]) {
            throw new IllegalStateException("secret value: use withSecret");
        }
        return values[i].clone();
    }

    /** @see StoredObject#matches */
    public boolean matches(long type, byte[] expected) {
        int i = indexOf(type);
        return i >= 0 && !secret[i] && Arrays.equals(values[i], expected);
    }

    /** @see StoredObject#withSecret */
    public <R> R withSecret(long type, SecretFunction<R> use) {
        byte[] copy = values[require(type)].clone();
        try {
            return use.apply(copy);
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    /** Adds or replaces values, overwriting the replaced arrays; takes ownership of the new ones. */
    public void apply(List<StoredValue> changes) {
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
    public List<StoredValue> viewWith(List<StoredValue> changes) {
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
    public long size() {
        long size = 0;
        for (byte[] v : values) {
            size += 16 + v.length;
        }
        return size;
    }

    /** Overwrites every value and empties the holder. */
    public void erase() {
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
}
