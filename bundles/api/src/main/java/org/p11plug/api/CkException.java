package org.p11plug.api;

import java.util.Objects;
import org.p11plug.api.ck.CKR;

/**
 * A PKCS#11 call that did not succeed: carries the {@code CK_RV} the specification names for
 * the situation. Unchecked, so that Java and Kotlin callers handle it where they can act on it.
 */
public class CkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long ckr;

    public CkException(long ckr) {
        this(ckr, null);
    }

    public CkException(long ckr, String detail) {
        super(message(ckr, detail));
        if (ckr == CKR.OK) {
            throw new IllegalArgumentException("CKR_OK is not an error");
        }
        this.ckr = ckr;
    }

    public CkException(long ckr, String detail, Throwable cause) {
        this(ckr, detail);
        initCause(cause);
    }

    /** @return the {@code CK_RV} value, one of the {@link CKR} constants or a vendor code */
    public long ckr() {
        return ckr;
    }

    /** @return the {@code CKR_} name of {@link #ckr()}, or its hex value for unknown codes */
    public String ckrName() {
        return name(ckr);
    }

    /** @return whether this exception carries the given {@code CK_RV} */
    public boolean is(long expected) {
        return ckr == expected;
    }

    public static String name(long ckr) {
        return Objects.requireNonNullElseGet(CKR.nameOf(ckr), () -> "CKR_0x" + Long.toHexString(ckr));
    }

    private static String message(long ckr, String detail) {
        return detail == null ? name(ckr) : name(ckr) + ": " + detail;
    }
}
