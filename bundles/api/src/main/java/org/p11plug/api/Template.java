package org.p11plug.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.p11plug.api.raw.RawAttribute;

/**
 * An immutable, ordered set of attribute values, one per type: what {@code C_CreateObject},
 * {@code C_FindObjectsInit}, key generation and friends take. Setting a type again replaces its
 * value (templates with conflicting duplicates can only be built in the raw layer).
 *
 * <pre>{@code
 * Template t = Template.builder()
 *         .set(Attribute.CLASS, CKO.DATA)
 *         .set(Attribute.LABEL, "greeting")
 *         .set(Attribute.VALUE, bytes)
 *         .build();
 * }</pre>
 */
public final class Template implements Iterable<AttributeValue<?>> {
    private static final Template EMPTY = new Template(new LinkedHashMap<>());

    private final Map<Long, AttributeValue<?>> values;

    private Template(LinkedHashMap<Long, AttributeValue<?>> values) {
        this.values = values;
    }

    public static Template empty() {
        return EMPTY;
    }

    public static Template of(AttributeValue<?>... values) {
        Builder b = builder();
        for (AttributeValue<?> v : values) {
            b.add(v);
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Decodes raw attributes with the typed keys {@link Attribute#forType} knows. */
    public static Template fromRaw(List<RawAttribute> raw) {
        Builder b = builder();
        for (RawAttribute r : raw) {
            b.add(decodeValue(Attribute.forType(r.type()), r));
        }
        return b.build();
    }

    private static <T> AttributeValue<T> decodeValue(Attribute<T> attribute, RawAttribute raw) {
        return attribute.of(attribute.decode(raw));
    }

    public <T> Optional<T> get(Attribute<T> attribute) {
        AttributeValue<?> v = values.get(attribute.type());
        if (v == null) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        T value = (T) v.value();
        return Optional.of(value);
    }

    public boolean contains(Attribute<?> attribute) {
        return values.containsKey(attribute.type());
    }

    public int size() {
        return values.size();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** @return a copy with this value added or replaced */
    public <T> Template with(Attribute<T> attribute, T value) {
        return toBuilder().set(attribute, value).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        return b;
    }

    public RawAttribute[] toRaw() {
        RawAttribute[] raw = new RawAttribute[values.size()];
        int i = 0;
        for (AttributeValue<?> v : values.values()) {
            raw[i++] = v.toRaw();
        }
        return raw;
    }

    @Override
    public Iterator<AttributeValue<?>> iterator() {
        return List.copyOf(values.values()).iterator();
    }

    @Override
    public String toString() {
        return new ArrayList<>(values.values()).toString();
    }

    /** Builds a {@link Template}; not thread-safe. */
    public static final class Builder {
        private final LinkedHashMap<Long, AttributeValue<?>> values = new LinkedHashMap<>();

        private Builder() {
        }

        public <T> Builder set(Attribute<T> attribute, T value) {
            return add(attribute.of(value));
        }

        public Builder add(AttributeValue<?> value) {
            values.put(value.attribute().type(), value);
            return this;
        }

        public Builder addAll(Template template) {
            for (AttributeValue<?> v : template) {
                add(v);
            }
            return this;
        }

        public Template build() {
            return values.isEmpty() ? EMPTY : new Template(new LinkedHashMap<>(values));
        }
    }
}
