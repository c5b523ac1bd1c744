package org.p11plug.engine.internal.object;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The attributes one kind of object possesses (an object class, refined by key or certificate
 * type), each with its {@link AttributeSpec}. Built by layering the specification's tables:
 * common, storage, class, then type.
 */
public final class ObjectSchema {
    private final String name;
    /** Attribute types in ascending order, for a binary search that boxes nothing (the types beyond the direct table). */
    private final long[] types;
    private final AttributeSpec[] byType;
    /** The specs in table order: defaults are applied, and values stored, in this order. */
    private final List<AttributeSpec> ordered;
    /** Direct lookup for the standard types below {@link #DIRECT} (all but the array-valued ones). */
    private final @Nullable AttributeSpec[] direct = new AttributeSpec[DIRECT];
    private static final int DIRECT = 1024;

    private ObjectSchema(String name, Map<Long, AttributeSpec> specs) {
        this.name = name;
        this.ordered = List.copyOf(specs.values());
        AttributeSpec[] sorted = specs.values().toArray(AttributeSpec[]::new);
        Arrays.sort(sorted, java.util.Comparator.comparingLong(AttributeSpec::type));
        this.byType = sorted;
        this.types = Arrays.stream(sorted).mapToLong(AttributeSpec::type).toArray();
        for (AttributeSpec spec : sorted) {
            if (spec.type() >= 0 && spec.type() < DIRECT) {
                direct[(int) spec.type()] = spec;
            }
        }
    }

    public String name() {
        return name;
    }

    public @Nullable AttributeSpec spec(long type) {
        if (type >= 0 && type < DIRECT) {
            return direct[(int) type];
        }
        int i = Arrays.binarySearch(types, type);
        return i >= 0 ? byType[i] : null;
    }

    public boolean possesses(long type) {
        return spec(type) != null;
    }

    public Collection<AttributeSpec> specs() {
        return ordered;
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
            for (AttributeSpec spec : base.ordered) {
                specs.put(spec.type(), spec);
            }
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
