package org.p11plug.rpc.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.p11plug.api.CkException;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.AttributeRequest;
import org.p11plug.api.raw.AttributeResult;
import org.p11plug.api.raw.Output;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.api.raw.Ulong;

/**
 * Attributes on the wire. p11-kit encodes a value by a class chosen from the attribute type
 * alone ({@code map_attribute_to_value_type}): one byte for booleans, a uint64 for CK_ULONGs,
 * nested attributes for templates, uint64s for mechanism lists, and a byte array for everything
 * else, vendor types included. The api's raw layer holds values as a C program lays them out
 * on LP64 little-endian machines, so the codec converts between the two.
 */
final class AttributeCodec {
    enum ValueClass { BYTE, ULONG, ATTRIBUTE_ARRAY, MECHANISM_ARRAY, DATE, BYTE_ARRAY }

    /** Deepest template nesting accepted (a wrap template inside a derive template is 2). */
    private static final int MAX_DEPTH = 4;

    private AttributeCodec() {
    }

    static ValueClass classOf(long type, int clientVersion) {
        if (type == CKA.TOKEN || type == CKA.PRIVATE || type == CKA.TRUSTED || type == CKA.SENSITIVE
                || type == CKA.ENCRYPT || type == CKA.DECRYPT || type == CKA.WRAP || type == CKA.UNWRAP
                || type == CKA.SIGN || type == CKA.SIGN_RECOVER || type == CKA.VERIFY || type == CKA.VERIFY_RECOVER
                || type == CKA.DERIVE || type == CKA.EXTRACTABLE || type == CKA.LOCAL || type == CKA.NEVER_EXTRACTABLE
                || type == CKA.ALWAYS_SENSITIVE || type == CKA.MODIFIABLE || type == CKA.COPYABLE
                || type == CKA.SECONDARY_AUTH || type == CKA.ALWAYS_AUTHENTICATE || type == CKA.WRAP_WITH_TRUSTED
                || type == CKA.RESET_ON_INIT || type == CKA.HAS_RESET || type == CKA.COLOR) {
            return ValueClass.BYTE;
        }
        if (type == CKA.CLASS || type == CKA.CERTIFICATE_TYPE || type == CKA.CERTIFICATE_CATEGORY
                || type == CKA.JAVA_MIDP_SECURITY_DOMAIN || type == CKA.KEY_TYPE || type == CKA.MODULUS_BITS
                || type == CKA.PRIME_BITS || type == CKA.SUB_PRIME_BITS || type == CKA.VALUE_BITS
                || type == CKA.VALUE_LEN || type == CKA.KEY_GEN_MECHANISM || type == CKA.AUTH_PIN_FLAGS
                || type == CKA.HW_FEATURE_TYPE || type == CKA.PIXEL_X || type == CKA.PIXEL_Y
                || type == CKA.RESOLUTION || type == CKA.CHAR_ROWS || type == CKA.CHAR_COLUMNS
                || type == CKA.BITS_PER_PIXEL || type == CKA.MECHANISM_TYPE) {
            return ValueClass.ULONG;
        }
        if (type == CKA.WRAP_TEMPLATE || type == CKA.UNWRAP_TEMPLATE
                || (type == CKA.DERIVE_TEMPLATE && clientVersion >= 1)) {
            return ValueClass.ATTRIBUTE_ARRAY;
        }
        if (type == CKA.ALLOWED_MECHANISMS) {
            return ValueClass.MECHANISM_ARRAY;
        }
        if (type == CKA.START_DATE || type == CKA.END_DATE) {
            return ValueClass.DATE;
        }
        return ValueClass.BYTE_ARRAY;
    }

    // ---- requests ----

    /** {@code aA} in a request: a template. */
    static RawAttribute[] readTemplate(MessageReader in, int clientVersion) {
        in.expect("aA");
        List<RawAttribute> template = readAttributes(in, clientVersion, 0);
        return template.toArray(new RawAttribute[0]);
    }

    private static List<RawAttribute> readAttributes(MessageReader in, int clientVersion, int depth) {
        if (depth > MAX_DEPTH) {
            throw new MalformedMessage("templates nested too deep");
        }
        int count = in.readCount(5);
        List<RawAttribute> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(readAttribute(in, clientVersion, depth));
        }
        return out;
    }

    private static RawAttribute readAttribute(MessageReader in, int clientVersion, int depth) {
        long type = in.readUint32();
        if (in.readByte() == 0) {
            // C's ulValueLen == (CK_ULONG) -1 in a template: no value can be taken from it
            throw new CkException(CKR.ATTRIBUTE_VALUE_INVALID, "attribute without a value in a template");
        }
        long declared = in.readUint32();
        switch (classOf(type, clientVersion)) {
            case BYTE: {
                int b = in.readByte();
                return new RawAttribute(type, declared == 0 ? new byte[0] : new byte[] {(byte) b}, null);
            }
            case ULONG: {
                byte[] le = Ulong.encode(in.readUint64());
                return new RawAttribute(type, Arrays.copyOf(le, (int) Math.min(declared, le.length)), null);
            }
            case ATTRIBUTE_ARRAY:
                return RawAttribute.ofTemplate(type, readAttributes(in, clientVersion, depth + 1));
            case MECHANISM_ARRAY: {
                int count = in.readCount(8);
                long[] types = new long[count];
                for (int i = 0; i < count; i++) {
                    types[i] = in.readUint64();
                }
                return new RawAttribute(type, Ulong.encodeArray(types), null);
            }
            case DATE:
            case BYTE_ARRAY:
            default:
                return new RawAttribute(type, in.readRawArray(), null);
        }
    }

    /** {@code fA}: the types asked for and the caller's buffer sizes (0 = NULL, a length query). */
    static AttributeRequest[] readRequests(MessageReader in) {
        in.expect("fA");
        int count = in.readCount(8);
        AttributeRequest[] requests = new AttributeRequest[count];
        for (int i = 0; i < count; i++) {
            long type = in.readUint32();
            long capacity = in.readUint32();
            requests[i] = new AttributeRequest(type, capacity == 0 ? Output.NULL_BUFFER : capacity);
        }
        return requests;
    }

    // ---- responses ----

    /**
     * Writes one {@code C_GetAttributeValue} result, following the table of PROTOCOL.md §7.4.
     *
     * @return the return value this attribute adds: {@code CKR_OK}, or
     *     {@code CKR_ATTRIBUTE_TYPE_INVALID} for a template the client cannot decode
     */
    static long writeResult(MessageWriter out, AttributeResult result, int clientVersion) {
        out.writeUint32(result.type());
        if (!result.ok()) {
            out.writeByte(0);
            return CKR.OK;
        }
        ValueClass valueClass = classOf(result.type(), clientVersion);
        if (valueClass == ValueClass.ATTRIBUTE_ARRAY && clientVersion == 0) {
            // p11-kit 0.24 refuses nested templates as a parse error: say it is not there
            out.writeByte(0);
            return CKR.ATTRIBUTE_TYPE_INVALID;
        }
        out.writeByte(1);
        byte[] value = result.value();
        switch (valueClass) {
            case BYTE:
                out.writeUint32(result.length());
                out.writeByte(value == null || value.length == 0 ? 0 : value[0]);
                break;
            case ULONG:
                out.writeUint32(result.length());
                out.writeUint64(value == null || value.length == 0 ? 0 : Ulong.decode(Arrays.copyOf(value, 8)));
                break;
            case ATTRIBUTE_ARRAY: {
                out.writeUint32(result.length());
                List<RawAttribute> template = result.template();
                if (template == null) {
                    out.writeUint32(0);
                } else {
                    writeTemplate(out, template, clientVersion);
                }
                break;
            }
            case MECHANISM_ARRAY:
                out.writeUint32(result.length());
                if (value == null) {
                    // p11-kit 0.24 writes no elements for a length query but reads count of them: send 0
                    out.writeUint32(0);
                } else {
                    long[] types = Ulong.decodeArray(value);
                    out.writeUint32(types.length);
                    for (long t : types) {
                        out.writeUint64(t);
                    }
                }
                break;
            case DATE:
            case BYTE_ARRAY:
            default:
                out.writeUint32(result.length());
                out.writeArray(value);
                break;
        }
        return CKR.OK;
    }

    private static void writeTemplate(MessageWriter out, List<RawAttribute> template, int clientVersion) {
        out.writeUint32(template.size());
        for (RawAttribute a : template) {
            List<RawAttribute> nested = a.template();
            byte[] value = a.value();
            AttributeResult r = new AttributeResult(a.type(), CKR.OK, a.length(),
                    nested == null ? (value == null ? new byte[0] : value) : null, nested);
            writeResult(out, r, clientVersion);
        }
    }
}
