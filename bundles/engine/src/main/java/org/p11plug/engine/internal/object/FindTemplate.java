package org.p11plug.engine.internal.object;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.AttributeKind;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.engine.internal.Ck;

/**
 * A search template: attribute values to match byte for byte. Values of impossible length
 * answer CKR_ATTRIBUTE_VALUE_INVALID (which C_FindObjectsInit may return); a type given twice
 * with different values can match nothing, so the search is empty rather than an error
 * (C_FindObjectsInit has no CKR_TEMPLATE_INCONSISTENT).
 */
public final class FindTemplate {
    private final List<Criterion> criteria;
    private final boolean contradictory;

    /** One attribute to match. */
    public record Criterion(long type, byte[] value) {}

    private FindTemplate(List<Criterion> criteria, boolean contradictory) {
        this.criteria = criteria;
        this.contradictory = contradictory;
    }

    public static FindTemplate parse(RawAttribute @Nullable [] template) {
        if (template == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "template is null");
        }
        List<Criterion> criteria = new ArrayList<>(template.length);
        boolean contradictory = false;
        for (RawAttribute a : template) {
            if (a == null) {
                throw Ck.fail(CKR.ARGUMENTS_BAD, "template holds a null attribute");
            }
            byte[] value;
            if (a.template() != null) {
                if (a.template().contains(null)) {
                    throw Ck.fail(CKR.ARGUMENTS_BAD, "nested template holds a null attribute");
                }
                value = NestedTemplates.encode(a.template());
            } else {
                value = a.bytes().clone();
                if (!AttributeKind.of(a.type()).acceptsLength(value.length)) {
                    throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, a + " has the wrong length");
                }
            }
            for (Criterion c : criteria) {
                if (c.type() == a.type() && !Arrays.equals(c.value(), value)) {
                    contradictory = true;
                }
            }
            criteria.add(new Criterion(a.type(), value));
        }
        return new FindTemplate(List.copyOf(criteria), contradictory);
    }

    public List<Criterion> criteria() {
        return criteria;
    }

    /** Whether no object can match (the same type with two values). */
    public boolean contradictory() {
        return contradictory;
    }

    public byte @Nullable [] value(long type) {
        for (Criterion c : criteria) {
            if (c.type() == type) {
                return c.value();
            }
        }
        return null;
    }

    public boolean matches(ObjectRecord record) {
        if (contradictory) {
            return false;
        }
        for (Criterion c : criteria) {
            if (!record.matches(c.type(), c.value())) {
                return false;
            }
        }
        return true;
    }
}
