package org.p11plug.api.raw;

/**
 * One (type, buffer) pair of a {@code C_GetAttributeValue} template. {@code capacity} is the
 * caller's {@code ulValueLen}, or {@link Output#NULL_BUFFER} when {@code pValue} is NULL (a
 * length query). For template attributes the length counts {@code CK_ATTRIBUTE} structures of
 * 24 bytes each, as C does.
 */
public record AttributeRequest(long type, long capacity) {
    public static AttributeRequest of(long type) {
        return new AttributeRequest(type, Long.MAX_VALUE);
    }

    public static AttributeRequest lengthOf(long type) {
        return new AttributeRequest(type, Output.NULL_BUFFER);
    }
}
