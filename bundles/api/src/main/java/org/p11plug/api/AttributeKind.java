package org.p11plug.api;

import org.p11plug.api.ck.CKA;

/**
 * How an attribute's value is laid out in the raw layer, which mirrors the C memory image on an
 * LP64 little-endian platform (x86-64, AArch64), the layout a native PKCS#11 application hands
 * to its module.
 */
public enum AttributeKind {
    /** {@code CK_BBOOL}: one byte, 0 or 1. */
    BOOLEAN,
    /** {@code CK_ULONG} and its aliases: eight bytes, little-endian. */
    ULONG,
    /** A byte array. */
    BYTES,
    /** An RFC 2279 (UTF-8) string without padding or terminator. */
    UTF8,
    /** An unsigned big integer, most significant byte first. */
    BIG_INTEGER,
    /** {@code CK_DATE}: eight ASCII digits YYYYMMDD, or empty. */
    DATE,
    /** An array of {@code CK_MECHANISM_TYPE}: eight little-endian bytes each. */
    MECHANISM_ARRAY,
    /** An array of {@code CK_ATTRIBUTE}: a nested template ({@code CKF_ARRAY_ATTRIBUTE} types). */
    TEMPLATE;

    /** Size of {@code CK_ULONG} on LP64, the platform this layout follows. */
    public static final int ULONG_SIZE = 8;

    /** Size of {@code CK_ATTRIBUTE} on LP64: type, pointer, length. */
    public static final int C_ATTRIBUTE_SIZE = 24;

    /** @return the layout of the given attribute type; unknown and vendor types are {@link #BYTES} */
    public static AttributeKind of(long type) {
        if (type == CKA.ALLOWED_MECHANISMS) {
            return MECHANISM_ARRAY;
        }
        if (type == CKA.WRAP_TEMPLATE || type == CKA.UNWRAP_TEMPLATE || type == CKA.DERIVE_TEMPLATE) {
            return TEMPLATE;
        }
        if (type == CKA.TOKEN || type == CKA.PRIVATE || type == CKA.TRUSTED || type == CKA.SENSITIVE
                || type == CKA.ENCRYPT || type == CKA.DECRYPT || type == CKA.WRAP || type == CKA.UNWRAP
                || type == CKA.SIGN || type == CKA.SIGN_RECOVER || type == CKA.VERIFY || type == CKA.VERIFY_RECOVER
                || type == CKA.DERIVE || type == CKA.EXTRACTABLE || type == CKA.LOCAL || type == CKA.NEVER_EXTRACTABLE
                || type == CKA.ALWAYS_SENSITIVE || type == CKA.MODIFIABLE || type == CKA.COPYABLE
                || type == CKA.DESTROYABLE || type == CKA.SECONDARY_AUTH || type == CKA.ALWAYS_AUTHENTICATE
                || type == CKA.WRAP_WITH_TRUSTED || type == CKA.RESET_ON_INIT || type == CKA.HAS_RESET
                || type == CKA.COLOR || type == CKA.OTP_USER_FRIENDLY_MODE || type == CKA.X2RATCHET_ISALICE) {
            return BOOLEAN;
        }
        if (type == CKA.CLASS || type == CKA.CERTIFICATE_TYPE || type == CKA.CERTIFICATE_CATEGORY
                || type == CKA.JAVA_MIDP_SECURITY_DOMAIN || type == CKA.NAME_HASH_ALGORITHM
                || type == CKA.KEY_TYPE || type == CKA.MODULUS_BITS || type == CKA.PRIME_BITS
                || type == CKA.SUBPRIME_BITS || type == CKA.VALUE_BITS || type == CKA.VALUE_LEN
                || type == CKA.KEY_GEN_MECHANISM || type == CKA.AUTH_PIN_FLAGS || type == CKA.HW_FEATURE_TYPE
                || type == CKA.PIXEL_X || type == CKA.PIXEL_Y || type == CKA.RESOLUTION || type == CKA.CHAR_ROWS
                || type == CKA.CHAR_COLUMNS || type == CKA.BITS_PER_PIXEL || type == CKA.MECHANISM_TYPE
                || type == CKA.PROFILE_ID || type == CKA.OTP_FORMAT || type == CKA.OTP_LENGTH
                || type == CKA.OTP_TIME_INTERVAL || type == CKA.OTP_CHALLENGE_REQUIREMENT
                || type == CKA.OTP_TIME_REQUIREMENT || type == CKA.OTP_COUNTER_REQUIREMENT
                || type == CKA.OTP_PIN_REQUIREMENT || type == CKA.OTP_SERVICE_LOGO_TYPE
                || type == CKA.X2RATCHET_BAGSIZE || type == CKA.X2RATCHET_NR || type == CKA.X2RATCHET_NS
                || type == CKA.X2RATCHET_PNS || type == CKA.HSS_LEVELS || type == CKA.HSS_LMS_TYPE
                || type == CKA.HSS_LMOTS_TYPE || type == CKA.HSS_KEYS_REMAINING) {
            return ULONG;
        }
        if (type == CKA.START_DATE || type == CKA.END_DATE) {
            return DATE;
        }
        if (type == CKA.LABEL || type == CKA.APPLICATION || type == CKA.URL || type == CKA.UNIQUE_ID
                || type == CKA.OTP_USER_IDENTIFIER || type == CKA.OTP_SERVICE_IDENTIFIER
                || type == CKA.OTP_TIME || type == CKA.CHAR_SETS || type == CKA.ENCODING_METHODS
                || type == CKA.MIME_TYPES) {
            return UTF8;
        }
        if (type == CKA.MODULUS || type == CKA.PUBLIC_EXPONENT || type == CKA.PRIVATE_EXPONENT
                || type == CKA.PRIME_1 || type == CKA.PRIME_2 || type == CKA.EXPONENT_1 || type == CKA.EXPONENT_2
                || type == CKA.COEFFICIENT || type == CKA.PRIME || type == CKA.SUBPRIME || type == CKA.BASE) {
            return BIG_INTEGER;
        }
        return BYTES;
    }

    /**
     * Whether a raw value of this length can hold this kind (the checks C_CreateObject and
     * friends answer with {@code CKR_ATTRIBUTE_VALUE_INVALID}).
     */
    public boolean acceptsLength(int length) {
        return switch (this) {
            case BOOLEAN -> length == 1;
            case ULONG -> length == ULONG_SIZE;
            case DATE -> length == 0 || length == 8;
            case MECHANISM_ARRAY -> length % ULONG_SIZE == 0;
            case BYTES, UTF8, BIG_INTEGER, TEMPLATE -> true;
        };
    }
}
