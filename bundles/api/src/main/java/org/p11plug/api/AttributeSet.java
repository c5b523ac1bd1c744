package org.p11plug.api;

import java.util.List;
import java.util.Optional;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.AttributeResult;
import org.p11plug.api.raw.RawAttribute;

/**
 * The typed answer of {@code C_GetAttributeValue}: the values that could be read, and for the
 * others the reason ({@code CKR_ATTRIBUTE_SENSITIVE} or {@code CKR_ATTRIBUTE_TYPE_INVALID}).
 */
public final class AttributeSet {
    private final List<AttributeResult> results;

    public AttributeSet(List<AttributeResult> results) {
        this.results = List.copyOf(results);
    }

    /** @throws CkException with the attribute's status when it could not be read */
    public <T> T get(Attribute<T> attribute) {
        AttributeResult r = result(attribute);
        if (!r.ok()) {
            throw new CkException(r.status(), attribute.name());
        }
        return attribute.decode(new RawAttribute(r.type(), r.value(), r.template()));
    }

    /** @return the value, or empty when the object has no such attribute or hides it */
    public <T> Optional<T> find(Attribute<T> attribute) {
        AttributeResult r = result(attribute);
        return r.ok() ? Optional.of(get(attribute)) : Optional.empty();
    }

    /** @return {@code CKR_OK} or the reason the attribute could not be read */
    public long status(Attribute<?> attribute) {
        return result(attribute).status();
    }

    private AttributeResult result(Attribute<?> attribute) {
        for (AttributeResult r : results) {
            if (r.type() == attribute.type()) {
                return r;
            }
        }
        return AttributeResult.unavailable(attribute.type(), CKR.ATTRIBUTE_TYPE_INVALID);
    }
}
