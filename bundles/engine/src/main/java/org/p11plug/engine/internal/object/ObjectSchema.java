package org.p11plug.engine.internal.object;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The attributes one kind of object possesses (an object class, refined by key or certificate
 * type), each with its {@link AttributeSpec}. Built by layering the specification's tables:
 * common, storage, class, then type.
 */
public final class ObjectSchema {
    private final String name;
    private final Map<Long, AttributeSpec> specs;

    private ObjectSchema(String name, Map<Long, AttributeSpec> specs) {
        this.name = name;
        this.specs = Collections.unmodifiableMap(specs);
    }

    public String name() {
        return name;
    }

    public @Nullable AttributeSpec spec(long type) {
        return specs.get(type);
    }

    public boolean possesses(long type) {
        return specs.containsKey(type);
    }

    public Collection<AttributeSpec> specs() {
        return specs.values();
    }

    static Builder builder(String name) {
        return new Builder(name);
    }

    /** Layers attribute tables; a later layer replaces an earlier spec of the same type. */
    static final class Builder {
        private final String name;
        private final Map<Long, AttributeSpec> specs = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        Builder include(ObjectSchema base) {
            specs.putAll(base.specs);
            return this;
        }

        Builder attr(long type, int flags) {
            specs.put(type, new AttributeSpec(type, flags, null));
            return this;
        }

        Builder attr(long type, int flags, byte[] defaultValue) {
            specs.put(type, new AttributeSpec(type, flags, defaultValue));
            return this;
        }

        ObjectSchema build() {
            return new ObjectSchema(name, new LinkedHashMap<>(specs));
        }
    }
}
