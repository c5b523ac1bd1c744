package org.p11plug.api.raw;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CK;
import org.p11plug.api.ck.CKR;

/**
 * The answer for one requested attribute, following the five cases of {@code C_GetAttributeValue}:
 * {@code status} is {@code CKR_OK}, {@code CKR_ATTRIBUTE_SENSITIVE}, {@code CKR_ATTRIBUTE_TYPE_INVALID}
 * or {@code CKR_BUFFER_TOO_SMALL}; {@code length} is the value's length, or
 * {@link CK#UNAVAILABLE_INFORMATION} unless the status is OK. {@code value} is present when the
 * status is OK and the request was not a length query; a template attribute answers with
 * {@code template} instead.
 */
public record AttributeResult(
        long type, long status, long length, byte @Nullable [] value, @Nullable List<RawAttribute> template) {

    public static AttributeResult unavailable(long type, long status) {
        return new AttributeResult(type, status, CK.UNAVAILABLE_INFORMATION, null, null);
    }

    public boolean ok() {
        return status == CKR.OK;
    }
}
