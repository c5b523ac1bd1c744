package org.p11plug.virtualpiv;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** The BER-TLV of the PIV card edge: tags of one to three bytes, lengths up to 65,535. */
final class Tlv {
    private Tlv() {
    }

    /** {@code tag} (as many bytes as it needs), the DER length and the value. */
    static byte[] of(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        if (tag > 0xFFFF) {
            out.write(tag >>> 16);
        }
        if (tag > 0xFF) {
            out.write(tag >>> 8);
        }
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >>> 8);
            out.write(n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * The top-level elements of {@code data} from {@code offset}, by tag (later duplicates win).
     *
     * @throws IllegalArgumentException when an element runs past the end
     */
    static Map<Integer, byte[]> parse(byte[] data, int offset, int end) {
        Map<Integer, byte[]> out = new LinkedHashMap<>();
        int i = offset;
        while (i < end) {
            int tag = data[i++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) { // multi-byte tag
                do {
                    check(i, end);
                    tag = (tag << 8) | (data[i] & 0xFF);
                } while ((data[i++] & 0x80) != 0);
            }
            check(i, end);
            int len = data[i++] & 0xFF;
            if (len == 0x81) {
                check(i, end);
                len = data[i++] & 0xFF;
            } else if (len == 0x82) {
                check(i + 1, end);
                len = ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
                i += 2;
            } else if (len > 0x82) {
                throw new IllegalArgumentException("length form 0x" + Integer.toHexString(len));
            }
            if (i + len > end) {
                throw new IllegalArgumentException("element 0x" + Integer.toHexString(tag) + " runs past the end");
            }
            byte[] value = new byte[len];
            System.arraycopy(data, i, value, 0, len);
            out.put(tag, value);
            i += len;
        }
        return out;
    }

    static Map<Integer, byte[]> parse(byte[] data) {
        return parse(data, 0, data.length);
    }

    private static void check(int i, int end) {
        if (i >= end) {
            throw new IllegalArgumentException("truncated TLV");
        }
    }
}
