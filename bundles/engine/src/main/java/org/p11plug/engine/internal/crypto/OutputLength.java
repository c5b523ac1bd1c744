package org.p11plug.engine.internal.crypto;

/**
 * What an operation can say about its output before producing it: a number of bytes, and
 * whether that number is exact or only enough (PKCS#11 lets a length query answer "a number of
 * bytes which would suffice", but a too-small buffer must be told the exact need).
 */
public record OutputLength(long bytes, boolean exact) {
    public static OutputLength exactly(long bytes) {
        return new OutputLength(bytes, true);
    }

    public static OutputLength atMost(long bytes) {
        return new OutputLength(bytes, false);
    }
}
