package org.p11plug.card.soft.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.p11plug.spi.store.ArrayStoredObject;
import org.p11plug.spi.store.StoredValue;
import org.p11plug.spi.token.TokenObject;

/**
 * A token object of the software token, held in memory while readable (public objects always,
 * private ones while the token is unlocked for a user) and persisted by {@link SoftToken} on
 * every change. Values are erased when the object is destroyed or its token locks.
 */
final class SoftObject extends ArrayStoredObject implements TokenObject {
    private final boolean isPrivate;
    private final SoftToken token;

    SoftObject(long id, boolean isPrivate, SoftToken token, List<StoredValue> initial) {
        super(id, initial);
        this.isPrivate = isPrivate;
        this.token = token;
    }

    @Override
    public boolean isPrivate() {
        return isPrivate;
    }

    /** Persists first, then applies: a failed write leaves the object as it was. */
    @Override
    public void update(List<StoredValue> changes) {
        token.persistUpdate(this, changes);
    }

    /** Applies changes in memory (after {@link SoftToken} persisted them). */
    void applyPersisted(List<StoredValue> changes) {
        apply(changes);
    }

    /** The serialized attributes, with {@code changes} applied on top, for sealing. */
    byte[] serializeWith(List<StoredValue> changes) {
        return serialize(viewWith(changes));
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

    @Override
    public String toString() {
        return "SoftObject[" + Long.toHexString(id()) + (isPrivate ? ", private" : "") + "]";
    }
}
