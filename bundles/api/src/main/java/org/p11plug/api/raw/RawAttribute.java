package org.p11plug.api.raw;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.AttributeKind;
import org.p11plug.api.ck.CKA;

/**
 * One {@code CK_ATTRIBUTE} of a template, byte-exact: the type and the value bytes as a C
 * application lays them out on LP64 little-endian platforms (see {@link AttributeKind}).
 * Attributes of kind {@link AttributeKind#TEMPLATE} carry a nested template instead of bytes.
 *
 * <p>A null {@code value} without a template is C's {@code pValue = NULL, ulValueLen = 0}: an
 * empty value. The engine never keeps the arrays it is given; the caller keeps ownership and
 * may erase them after the call.
 */
public record RawAttribute(long type, byte @Nullable [] value, @Nullable List<RawAttribute> template) {

    public static RawAttribute of(long type, byte[] value) {
        return new RawAttribute(type, value, null);
    }

    public static RawAttribute ofBoolean(long type, boolean value) {
        return new RawAttribute(type, new byte[] {(byte) (value ? 1 : 0)}, null);
    }

    public static RawAttribute ofLong(long type, long value) {
        return new RawAttribute(type, Ulong.encode(value), null);
    }

    public static RawAttribute ofUtf8(long type, String value) {
        return new RawAttribute(type, value.getBytes(StandardCharsets.UTF_8), null);
    }

    public static RawAttribute ofTemplate(long type, List<RawAttribute> template) {
        return new RawAttribute(type, null, List.copyOf(template));
    }

    /** @return the value bytes, or an empty array for an empty or template value */
    public byte[] bytes() {
        return value == null ? EMPTY : value;
    }

    /** @return the length C would see in {@code ulValueLen} */
    public long length() {
        if (template != null) {
            return (long) template.size() * AttributeKind.C_ATTRIBUTE_SIZE;
        }
        return value == null ? 0 : value.length;
    }

    public boolean isTemplate() {
        return template != null;
    }

    @Override
    public String toString() {
        String name = CKA.nameOf(type);
        String t = name != null ? name : "CKA_0x" + Long.toHexString(type);
        return template != null ? t + "=" + template : t + "[" + bytes().length + " bytes]";
    }

    private static final byte[] EMPTY = new byte[0];
}
