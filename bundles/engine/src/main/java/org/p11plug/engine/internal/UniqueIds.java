package org.p11plug.engine.internal;

import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.p11plug.spi.crypto.SoftwareCrypto;

/**
 * CKA_UNIQUE_ID values: a random prefix drawn when the engine starts and a counter. Unique
 * among every object the engine creates; across restarts the 64-bit prefix makes a collision
 * with a stored token object's id negligible.
 */
public final class UniqueIds {
    private final byte[] prefix;
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final AtomicLong counter = new AtomicLong();

    public UniqueIds() {
        byte[] random = new byte[8];
        SoftwareCrypto.random().nextBytes(random);
        prefix = (HexFormat.of().formatHex(random) + "-").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The next id as the UTF-8 bytes CKA_UNIQUE_ID holds: the prefix and the counter in hex. */
    public byte[] next() {
        long n = counter.incrementAndGet();
        int digits = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(n) + 3) / 4);
        byte[] id = java.util.Arrays.copyOf(prefix, prefix.length + digits);
        for (int i = id.length - 1; i >= prefix.length; i--, n >>>= 4) {
            id[i] = HEX[(int) (n & 0xf)];
        }
        return id;
    }
}
