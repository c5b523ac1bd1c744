package org.p11plug.api;

import org.p11plug.api.raw.RawAttribute;

/** An attribute key with its value: one entry of a {@link Template}. */
public record AttributeValue<T>(Attribute<T> attribute, T value) {
    public RawAttribute toRaw() {
        return attribute.encode(value);
    }

    @Override
    public String toString() {
        return attribute.name() + "=" + (value instanceof byte[] b ? b.length + " bytes" : value);
    }
}
