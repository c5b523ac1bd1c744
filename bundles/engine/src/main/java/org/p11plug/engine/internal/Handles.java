package org.p11plug.engine.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Handle numbers for sessions and objects, from one engine-wide counter: never 0
 * (CK_INVALID_HANDLE), never reused while the engine runs, and below 2^32 for the life of any
 * realistic process, which 32-bit native clients of the bridge need. Handles of one application
 * are therefore meaningless to another, which answers CKR_SESSION_HANDLE_INVALID or
 * CKR_OBJECT_HANDLE_INVALID.
 */
public final class Handles {
    private final AtomicLong next = new AtomicLong(1);

    public long next() {
        return next.getAndIncrement();
    }
}
