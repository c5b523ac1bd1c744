package org.p11plug.api.raw;

import java.util.List;
import org.p11plug.api.ck.CKR;

/**
 * The answer of {@code C_GetAttributeValue}: one result per request, in request order, and the
 * call's return value. {@code CKR_ATTRIBUTE_SENSITIVE}, {@code CKR_ATTRIBUTE_TYPE_INVALID} and
 * {@code CKR_BUFFER_TOO_SMALL} are not failures: every attribute that could be returned was.
 * When several apply, the engine reports them in that order of precedence.
 */
public record AttributeResults(long rv, List<AttributeResult> results) {
    public AttributeResults {
        results = List.copyOf(results);
    }

    public boolean ok() {
        return rv == CKR.OK;
    }

    public AttributeResult get(int index) {
        return results.get(index);
    }
}
