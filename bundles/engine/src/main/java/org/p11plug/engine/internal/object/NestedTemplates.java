package org.p11plug.engine.internal.object;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.p11plug.api.raw.RawAttribute;

/**
 * The stored form of template attributes (CKA_WRAP_TEMPLATE, ...): the specification forbids
 * keeping the caller's CK_ATTRIBUTE array, so the engine deep-copies it into bytes that any store
 * can hold: a count, then (type, length, value) per attribute, big-endian.
 */
public final class NestedTemplates {
    private NestedTemplates() {
    }

    public static byte[] encode(List<RawAttribute> template) {
        int size = 4;
        for (RawAttribute a : template) {
            size += 12 + a.bytes().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(template.size());
        for (RawAttribute a : template) {
            out.putLong(a.type()).putInt(a.bytes().length).put(a.bytes());
        }
        return out.array();
    }

    public static List<RawAttribute> decode(byte[] stored) {
        if (stored.length == 0) {
            return List.of();
        }
        ByteBuffer in = ByteBuffer.wrap(stored);
        int count = in.getInt();
        List<RawAttribute> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long type = in.getLong();
            byte[] value = new byte[in.getInt()];
            in.get(value);
            out.add(RawAttribute.of(type, value));
        }
        return out;
    }

    /** Number of attributes a stored template holds, for the C length (count of CK_ATTRIBUTE). */
    public static int count(byte[] stored) {
        return stored.length == 0 ? 0 : ByteBuffer.wrap(stored).getInt();
    }
}
