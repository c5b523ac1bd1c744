package org.p11plug.store.wrapped.internal;

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
 * One object's values packed in one array: plain values as given, secret values only as AES-GCM
 * blobs bound to this object's identity and the attribute ({@link Wrapping}). One array per
 * object rather than one per attribute keeps a migration of many objects cheap for the garbage
 * collector. A secret is decrypted for the one call that uses it and the plaintext overwritten
 * when that call returns; the plaintext handed in is overwritten as soon as it is sealed.
 */
final class WrappedObject implements StoredObject {
    private final long id;
    final WrappedPartition partition;
    private long[] types;
    /** Where each value starts in {@link #data}; one more entry marks the end of the last. */
    private int[] offsets;
    private boolean[] secret;
    private byte[] data;
    /** The object's place in its partition's list of live objects. */
    org.p11plug.spi.store.LiveObjects.Link<WrappedObject> link;
    volatile boolean live = true;

    WrappedObject(WrappedPartition partition, long id, List<StoredValue> initial) {
        this.partition = partition;
        this.id = id;
        try {
            pack(StoredValues.lastOfEachType(initial));
        } finally {
            eraseSecrets(initial);
        }
    }

    /** Lays the values out in fresh arrays, sealing the secrets; the fields change only at the end. */
    private void pack(List<StoredValue> values) {
        int n = values.size();
        long[] t = new long[n];
        int[] off = new int[n + 1];
        boolean[] s = new boolean[n];
        for (int i = 0; i < n; i++) {
            StoredValue v = values.get(i);
            t[i] = v.type();
            s[i] = v.secret();
            off[i + 1] = off[i] + v.value().length + (v.secret() ? Wrapping.OVERHEAD : 0);
        }
        byte[] d = new byte[off[n]];
        for (int i = 0; i < n; i++) {
            StoredValue v = values.get(i);
            if (s[i]) {
                partition.wrapping().seal(id, t[i], v.value(), d, off[i]);
            } else {
                System.arraycopy(v.value(), 0, d, off[i], v.value().length);
            }
        }
        byte[] old = data;
        types = t;
        offsets = off;
        secret = s;
        data = d;
        if (old != null) {
            Arrays.fill(old, (byte) 0);
        }
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
        return indexOf(type) >= 0;
    }

    @Override
    public int length(long type) {
        int i = indexOf(type);
        return i < 0 ? -1 : stored(i) - (secret[i] ? Wrapping.OVERHEAD : 0);
    }

    @Override
    public boolean isSecret(long type) {
        int i = indexOf(type);
        return i >= 0 && secret[i];
    }

    @Override
    public byte[] read(long type) {
        int i = require(type);
        if (secret[i]) {
            throw new IllegalStateException("secret value: use withSecret");
        }
        return Arrays.copyOfRange(data, offsets[i], offsets[i + 1]);
    }

    @Override
    public boolean matches(long type, byte[] expected) {
        int i = indexOf(type);
        return i >= 0 && !secret[i] && Arrays.equals(data, offsets[i], offsets[i + 1], expected, 0, expected.length);
    }

    @Override
    public <R> R withSecret(long type, SecretFunction<R> use) {
        int i = require(type);
        byte[] plain = plain(i);
        try {
            return use.apply(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** One pass: plain values copied, secrets opened (the caller erases them). */
    @Override
    public List<StoredValue> copyAll() {
        checkLive();
        List<StoredValue> all = new ArrayList<>(types.length);
        for (int i = 0; i < types.length; i++) {
            all.add(new StoredValue(types[i], plain(i), secret[i]));
        }
        return all;
    }

    /**
     * Packs the object anew with the changes on top (secrets opened and sealed again with fresh
     * nonces); a failure leaves the object as it was.
     */
    @Override
    public void update(List<StoredValue> changes) {
        checkLive();
        List<StoredValue> all = copyAll();
        try {
            for (StoredValue c : changes) {
                for (int i = 0; i < all.size(); i++) {
                    if (all.get(i).type() == c.type()) {
                        Arrays.fill(all.get(i).value(), (byte) 0);
                        all.remove(i);
                        break;
                    }
                }
                all.add(c);
            }
            pack(StoredValues.lastOfEachType(all));
        } finally {
            eraseSecrets(all);
            eraseSecrets(changes);
        }
    }

    @Override
    public long size() {
        return 16L * types.length + data.length;
    }

    /** Wrapping is the protection: a primitive prepared on the heap would undo it. */
    @Override
    public boolean allowsPreparedKeys() {
        return false;
    }

    /** Overwrites blobs and values; called once, by the partition. */
    void erase() {
        live = false;
        Arrays.fill(data, (byte) 0);
        types = new long[0];
        offsets = new int[1];
        secret = new boolean[0];
        data = new byte[0];
    }

    private int stored(int i) {
        return offsets[i + 1] - offsets[i];
    }

    /** A fresh copy of value {@code i}, opened if it is sealed. */
    private byte[] plain(int i) {
        return secret[i]
                ? partition.wrapping().open(id, types[i], data, offsets[i], stored(i))
                : Arrays.copyOfRange(data, offsets[i], offsets[i + 1]);
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
        int i = indexOf(type);
        if (i < 0) {
            throw new NoSuchElementException("attribute 0x" + Long.toHexString(type));
        }
        return i;
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
}
