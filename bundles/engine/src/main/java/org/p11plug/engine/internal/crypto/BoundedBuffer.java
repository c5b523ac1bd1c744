package org.p11plug.engine.internal.crypto;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.p11plug.engine.internal.Ck;

/**
 * A message held until the final call, for schemes that must see all of it (EdDSA, AEAD
 * decryption that releases nothing before the tag is checked). Bounded, so that a client cannot
 * make the token buffer without limit: past the bound the call answers the given error.
 */
final class BoundedBuffer {
    /** 64 MiB: far beyond any signed or AEAD-protected message a token sees in practice. */
    static final int DEFAULT_LIMIT = 64 << 20;

    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final int limit;
    private final long overflowError;

    BoundedBuffer(int limit, long overflowError) {
        this.limit = limit;
        this.overflowError = overflowError;
    }

    void append(byte[] part) {
        if ((long) data.size() + part.length > limit) {
            throw Ck.fail(overflowError, "more than " + limit + " bytes in one operation");
        }
        data.writeBytes(part);
    }

    int size() {
        return data.size();
    }

    /** The bytes so far, as a fresh array the caller erases. */
    byte[] take() {
        return data.toByteArray();
    }

    /** Forgets the bytes; the stream's internal array is overwritten. */
    void erase() {
        byte[] inside = data.toByteArray();
        Arrays.fill(inside, (byte) 0);
        data.reset();
        data.writeBytes(new byte[Math.min(inside.length, limit)]);
        data.reset();
    }
}
