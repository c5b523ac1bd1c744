package org.p11plug.engine.internal.object;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Attribute values by type, in insertion order: the working form of templates and new objects.
 * Parallel arrays searched linearly, because a template or an object holds a few dozen
 * attributes at most and is built and dropped on every call: this boxes nothing and allocates
 * two arrays where a hash map allocates an entry per attribute. Not thread-safe; values are not
 * copied.
 */
public final class AttributeMap {
    private long[] types;
    private byte[][] values;
    private int size;

    public AttributeMap() {
        this(16);
    }

    public AttributeMap(int capacity) {
        types = new long[Math.max(capacity, 4)];
        values = new byte[types.length][];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The type at a position, 0 to {@link #size()} - 1, in insertion order. */
    public long type(int index) {
        return types[index];
    }

    public byte[] value(int index) {
        return values[index];
    }

    private int indexOf(long type) {
        for (int i = 0; i < size; i++) {
            if (types[i] == type) {
                return i;
            }
        }
        return -1;
    }

    public boolean containsKey(long type) {
        return indexOf(type) >= 0;
    }

    public byte @Nullable [] get(long type) {
        int i = indexOf(type);
        return i < 0 ? null : values[i];
    }

    /** Sets the value; a replaced value keeps its position. @return the value it replaced, or null */
    public byte @Nullable [] put(long type, byte[] value) {
        int i = indexOf(type);
        if (i >= 0) {
            byte[] before = values[i];
            values[i] = value;
            return before;
        }
        append(type, value);
        return null;
    }

    /** @return the value already present (which stays), or null after adding this one */
    public byte @Nullable [] putIfAbsent(long type, byte[] value) {
        int i = indexOf(type);
        if (i >= 0) {
            return values[i];
        }
        append(type, value);
        return null;
    }

    /** Adds a value whose type the caller knows to be absent (a schema's types, each once). */
    public void add(long type, byte[] value) {
        append(type, value);
    }

    private void append(long type, byte[] value) {
        if (size == types.length) {
            types = Arrays.copyOf(types, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        types[size] = type;
        values[size] = value;
        size++;
    }

    /** A copy of the table; the value arrays are shared. */
    public AttributeMap copy() {
        AttributeMap c = new AttributeMap(size + 4);
        System.arraycopy(types, 0, c.types, 0, size);
        System.arraycopy(values, 0, c.values, 0, size);
        c.size = size;
        return c;
    }
}
