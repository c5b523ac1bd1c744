package org.p11plug.api.raw;

import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKR;

/**
 * The result of a call that writes into a caller's buffer, following PKCS#11's output
 * convention (base specification, "Conventions for functions returning output in a
 * variable-length buffer"): with {@link #NULL_BUFFER} as capacity the call only reports the
 * length and the operation stays active; with a capacity that is too small it reports the
 * length with {@code CKR_BUFFER_TOO_SMALL} and the operation stays active; otherwise it
 * returns the data and the operation (if single-part or final) ends.
 */
public final class Output {
    /** Capacity meaning "pBuffer is NULL": a length query. */
    public static final long NULL_BUFFER = -1;

    private final long rv;
    private final long length;
    private final byte @Nullable [] data;

    private Output(long rv, long length, byte @Nullable [] data) {
        this.rv = rv;
        this.length = length;
        this.data = data;
    }

    public static Output data(byte[] data) {
        return new Output(CKR.OK, data.length, data);
    }

    public static Output lengthOnly(long length) {
        return new Output(CKR.OK, length, null);
    }

    public static Output bufferTooSmall(long length) {
        return new Output(CKR.BUFFER_TOO_SMALL, length, null);
    }

    /**
     * Applies the convention to a result the caller has already computed: the data itself when
     * it fits, else the length.
     */
    public static Output fit(byte[] result, long capacity) {
        if (capacity == NULL_BUFFER) {
            return lengthOnly(result.length);
        }
        return capacity < result.length ? bufferTooSmall(result.length) : data(result);
    }

    /** @return {@code CKR_OK} or {@code CKR_BUFFER_TOO_SMALL} */
    public long rv() {
        return rv;
    }

    /** @return the output's length ({@code *pulLen} in C) */
    public long length() {
        return length;
    }

    /** @return the output bytes, or null when only the length was reported */
    public byte @Nullable [] data() {
        return data;
    }

    public boolean hasData() {
        return data != null;
    }

    @Override
    public String toString() {
        return data != null ? "Output[" + length + " bytes]"
                : (rv == CKR.OK ? "Output[length " : "Output[too small, need ") + length + "]";
    }
}
