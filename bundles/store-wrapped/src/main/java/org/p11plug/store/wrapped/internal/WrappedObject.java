package org.p11plug.store.wrapped.internal;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import org.p11plug.spi.store.SecretFunction;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;

/**
 * One object's values: plain values as heap arrays, secret values only as AES-GCM blobs bound
 * to this object's identity and the attribute ({@link Wrapping}). A secret is decrypted for the
 * one call that uses it and the plaintext overwritten when that call returns; the plaintext
 * handed in is overwritten as soon as it is sealed.
 */
final class WrappedObject implements StoredObject {
    private final long id;
    final WrappedPartition partition;
    private long[] types;
    /** Plain values, or for secrets the sealed blob. */
    private byte[][] values;
    private boolean[] secret;
    /** Links of the partition's list of live objects; guarded by the partition. */
    @Nullable WrappedObject prev;
    @Nullable WrappedObject next;
    volatile boolean live = true;

    WrappedObject(WrappedPartition partition, long id, List<StoredValue> initial) {
        this.partition = partition;
        this.id = id;
        int n = initial.size();
        long[] t = new long[n];
        byte[][] v = new byte[n][];
        boolean[] s = new boolean[n];
        int count = 0;
        try {
            for (StoredValue value : initial) {
                int at = indexOf(t, count, value.type());
                if (at < 0) {
                    at = count++;
                }
                t[at] = value.type();
                s[at] = value.secret();
                v[at] = value.secret() ? partition.wrapping().seal(id, value.type(), value.value()) : value.value();
            }
        } finally {
            eraseSecrets(initial);
        }
        this.types = Arrays.copyOf(t, count);
        this.values = Arrays.copyOf(v, count);
        this.secret = Arrays.copyOf(s, count);
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
        return i < 0 ? -1 : secret[i] ? values[i].length - Wrapping.OVERHEAD : values[i].length;
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
        return values[i].clone();
    }

    @Override
    public boolean matches(long type, byte[] expected) {
        int i = indexOf(types, types.length, type);
        return i >= 0 && !secret[i] && Arrays.equals(values[i], expected);
    }

    @Override
    public <R> R withSecret(long type, SecretFunction<R> use) {
        int i = require(type);
        if (!secret[i]) {
            byte[] copy = values[i].clone();
            try {
                return use.apply(copy);
            } finally {
                Arrays.fill(copy, (byte) 0);
            }
        }
        byte[] plain = partition.wrapping().open(id, type, values[i]);
        try {
            return use.apply(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Seals every change first, then applies them all: a failure leaves the object as it was. */
    @Override
    public void update(List<StoredValue> changes) {
        checkLive();
        byte[][] prepared = new byte[changes.size()][];
        try {
            for (int k = 0; k < changes.size(); k++) {
                StoredValue c = changes.get(k);
                prepared[k] = c.secret() ? partition.wrapping().seal(id, c.type(), c.value()) : c.value();
            }
        } finally {
            eraseSecrets(changes);
        }
        for (int k = 0; k < changes.size(); k++) {
            StoredValue c = changes.get(k);
            int i = indexOf(types, types.length, c.type());
            if (i >= 0) {
                Arrays.fill(values[i], (byte) 0);
                values[i] = prepared[k];
                secret[i] = c.secret();
            } else {
                int n = types.length;
                types = Arrays.copyOf(types, n + 1);
                values = Arrays.copyOf(values, n + 1);
                secret = Arrays.copyOf(secret, n + 1);
                types[n] = c.type();
                values[n] = prepared[k];
                secret[n] = c.secret();
            }
        }
    }

    @Override
    public long size() {
        long size = 0;
        for (int i = 0; i < values.length; i++) {
            size += 16 + values[i].length;
        }
        return size;
    }

    /** Wrapping is the protection: a primitive prepared on the heap would undo it. */
    @Override
    public boolean allowsPreparedKeys() {
        return false;
    }

    /** Overwrites blobs and values; called once, by the partition. */
    void erase() {
        live = false;
        for (byte[] v : values) {
            Arrays.fill(v, (byte) 0);
        }
        types = new long[0];
        values = new byte[0][];
        secret = new boolean[0];
    }

    private static void eraseSecrets(List<StoredValue> values) {
        for (StoredValue v : values) {
            if (v.secret()) {
                Arrays.fill(v.value(), (byte) 0);
            }
        }
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
