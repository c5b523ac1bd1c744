package org.p11plug.card.soft.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.p11plug.spi.store.AttributeValues;
import org.p11plug.spi.store.SecretFunction;
import org.p11plug.spi.store.StoredValue;
import org.p11plug.spi.token.TokenObject;

/**
 * A token object of the software token, held in memory while readable (public objects always,
 * private ones while the token is unlocked for a user) and persisted by {@link SoftToken} on
 * every change. Values are erased when the object is destroyed or its token locks.
 */
final class SoftObject implements TokenObject {
    private final long id;
    private final boolean isPrivate;
    private final SoftToken token;
    private final AttributeValues values;

    SoftObject(long id, boolean isPrivate, SoftToken token, List<StoredValue> initial) {
        this.id = id;
        this.isPrivate = isPrivate;
        this.token = token;
        this.values = new AttributeValues(initial);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public boolean isPrivate() {
        return isPrivate;
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

    /** Persists first, then applies: a failed write leaves the object as it was. */
    @Override
    public void update(List<StoredValue> changes) {
        token.persistUpdate(this, changes);
    }

    @Override
    public long size() {
        return values.size();
    }

    /** Applies changes in memory (after {@link SoftToken} persisted them). */
    void apply(List<StoredValue> changes) {
        values.apply(changes);
    }

    /** The serialized attributes, with {@code changes} applied on top, for sealing. */
    byte[] serializeWith(List<StoredValue> changes) {
        return serialize(values.viewWith(changes));
    }

    static byte[] serialize(List<StoredValue> values) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(values.size());
            for (StoredValue v : values) {
                out.writeLong(v.type());
                out.writeBoolean(v.secret());
                TokenMeta.writeBytes(out, v.value());
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<StoredValue> deserialize(byte[] encoded) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
        int n = in.readInt();
        if (n < 0 || n > 4096) {
            throw new IOException("corrupt attribute count " + n);
        }
        List<StoredValue> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long type = in.readLong();
            boolean secret = in.readBoolean();
            values.add(new StoredValue(type, TokenMeta.readBytes(in), secret));
        }
        return values;
    }

    void erase() {
        values.erase();
    }

    @Override
    public String toString() {
        return "SoftObject[" + Long.toHexString(id) + (isPrivate ? ", private" : "") + "]";
    }
}
