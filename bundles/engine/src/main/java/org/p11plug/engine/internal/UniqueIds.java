package org.p11plug.engine.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CKA_UNIQUE_ID values: a random prefix drawn when the engine starts and a counter. Unique
 * among every object the engine creates; across restarts the 64-bit prefix makes a collision
 * with a stored token object's id negligible.
 */
public final class UniqueIds {
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public UniqueIds() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        prefix = HexFormat.of().formatHex(random) + "-";
    }

    public String next() {
        return prefix + Long.toHexString(counter.incrementAndGet());
    }
}
