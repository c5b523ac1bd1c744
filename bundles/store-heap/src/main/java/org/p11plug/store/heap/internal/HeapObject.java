package org.p11plug.store.heap.internal;

import java.util.List;
import org.p11plug.spi.store.AttributeValues;
import org.p11plug.spi.store.SecretFunction;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;

/** One session object's values as plain heap arrays; overwritten on update and destroy. */
final class HeapObject implements StoredObject {
    private final long id;
    private final AttributeValues values;

    HeapObject(long id, List<StoredValue> initial) {
        this.id = id;
        this.values = new AttributeValues(initial);
    }

    @Override
    public long id() {
        return id;
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

    @Override
    public void update(List<StoredValue> changes) {
        values.apply(changes);
    }

    @Override
    public long size() {
        return values.size();
    }

    void erase() {
        values.erase();
    }
}
