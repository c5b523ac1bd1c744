package org.p11plug.engine.internal.object;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.AttributeKind;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.api.raw.Ulong;
import org.p11plug.engine.internal.Ck;

/**
 * A caller's template, checked for shape and copied: no null entries (CKR_ARGUMENTS_BAD), every
 * value of the length its type demands and booleans 0 or 1 (CKR_ATTRIBUTE_VALUE_INVALID), nested
 * templates one level deep, and no attribute given twice with different values
 * (CKR_TEMPLATE_INCONSISTENT; the same value twice counts once, as the specification
 * encourages). Values are fresh arrays the engine owns; template attributes are held in their
 * stored form ({@link NestedTemplates}).
 */
public final class ParsedTemplate {
    private final AttributeMap values;

    private ParsedTemplate(AttributeMap values) {
        this.values = values;
    }

    public static ParsedTemplate parse(RawAttribute @Nullable [] template) {
        if (template == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "template is null");
        }
        AttributeMap values = new AttributeMap(template.length);
        for (RawAttribute a : template) {
            if (a == null) {
                throw Ck.fail(CKR.ARGUMENTS_BAD, "template holds a null attribute");
            }
            byte[] value = copyChecked(a, true);
            byte[] earlier = values.putIfAbsent(a.type(), value);
            if (earlier != null && !Arrays.equals(earlier, value)) {
                throw Ck.fail(CKR.TEMPLATE_INCONSISTENT, a + " given twice with different values");
            }
        }
        return new ParsedTemplate(values);
    }

    private static byte[] copyChecked(RawAttribute a, boolean nestingAllowed) {
        AttributeKind kind = AttributeKind.of(a.type());
        List<RawAttribute> nested = a.template();
        if (kind == AttributeKind.TEMPLATE) {
            if (!nestingAllowed) {
                throw Ck.fail(CKR.TEMPLATE_INCONSISTENT, "templates nest one level deep at most");
            }
            if (nested == null) {
                if (a.bytes().length == 0) {
                    return new byte[0];
                }
                throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, a + " must carry a template");
            }
            for (RawAttribute inner : nested) {
                if (inner == null) {
                    throw Ck.fail(CKR.ARGUMENTS_BAD, "nested template holds a null attribute");
                }
                copyChecked(inner, false);
            }
            return NestedTemplates.encode(nested);
        }
        if (nested != null) {
            throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, a + " cannot carry a template");
        }
        byte[] value = a.bytes();
        if (!kind.acceptsLength(value.length)) {
            throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, a + " has the wrong length for a " + kind);
        }
        if (kind == AttributeKind.BOOLEAN && value[0] != 0 && value[0] != 1) {
            throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, a + " is not CK_TRUE or CK_FALSE");
        }
        return value.clone();
    }

    /** A copy with a value added when the template has none for the type. */
    public ParsedTemplate plus(long type, byte[] value) {
        if (values.containsKey(type)) {
            return this;
        }
        AttributeMap more = values.copy();
        more.put(type, value.clone());
        return new ParsedTemplate(more);
    }

    /**
     * A copy with another template applied under this one, as C_UnwrapKey applies the
     * unwrapping key's CKA_UNWRAP_TEMPLATE before the caller's; a conflict is
     * CKR_TEMPLATE_INCONSISTENT.
     */
    public ParsedTemplate over(ParsedTemplate base) {
        AttributeMap merged = new AttributeMap(base.values.size() + values.size());
        for (int i = 0; i < base.values.size(); i++) {
            merged.put(base.values.type(i), base.values.value(i).clone());
        }
        for (int i = 0; i < values.size(); i++) {
            byte[] earlier = merged.get(values.type(i));
            if (earlier != null && !Arrays.equals(earlier, values.value(i))) {
                throw Ck.fail(CKR.TEMPLATE_INCONSISTENT, "the template contradicts the unwrapping key's CKA_UNWRAP_TEMPLATE");
            }
            merged.put(values.type(i), values.value(i).clone());
        }
        return new ParsedTemplate(merged);
    }

    /** Parses a template stored in a template attribute (CKA_WRAP_TEMPLATE, ...). */
    public static ParsedTemplate ofStored(byte[] stored) {
        return parse(NestedTemplates.decode(stored).toArray(RawAttribute[]::new));
    }

    public boolean has(long type) {
        return values.containsKey(type);
    }

    public byte @Nullable [] get(long type) {
        return values.get(type);
    }

    /** @return the boolean value, or the fallback when absent */
    public boolean bool(long type, boolean fallback) {
        byte[] v = values.get(type);
        return v == null ? fallback : v[0] != 0;
    }

    /** @return the CK_ULONG value, or the fallback when absent */
    public long ulong(long type, long fallback) {
        byte[] v = values.get(type);
        return v == null ? fallback : Ulong.decode(v);
    }

    /** The values by type, in the caller's order; read-only by convention (the engine's own). */
    public AttributeMap values() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Overwrites every value: templates carry key material on their way into a store. */
    public void erase() {
        for (int i = 0; i < values.size(); i++) {
            Arrays.fill(values.value(i), (byte) 0);
        }
    }
}
