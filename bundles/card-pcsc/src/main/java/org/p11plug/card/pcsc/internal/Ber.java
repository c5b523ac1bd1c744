package org.p11plug.card.pcsc.internal;

import java.io.ByteArrayOutputStream;
import org.jspecify.annotations.Nullable;

/** The little BER-TLV the PIV card edge needs: find a tag among siblings, wrap a value. */
final class Ber {
    private Ber() {
    }

    /**
     * The value of the first element tagged {@code tag} among the elements in
     * {@code data[from, to)}, or null. Tags of one to three bytes, lengths up to 0x82 form.
     */
    static byte @Nullable [] find(byte[] data, int from, int to, int tag) {
        int i = from;
        while (i < to) {
            int t = data[i++] & 0xFF;
            if ((t & 0x1F) == 0x1F) {
                do {
                    if (i >= to) {
                        return null;
                    }
                    t = (t << 8) | (data[i] & 0xFF);
                } while ((data[i++] & 0x80) != 0);
            }
            if (i >= to) {
                return null;
            }
            int len = data[i++] & 0xFF;
            if (len == 0x81 && i < to) {
                len = data[i++] & 0xFF;
            } else if (len == 0x82 && i + 1 < to) {
                len = ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
                i += 2;
            } else if (len > 0x80) {
                return null;
            }
            if (i + len > to) {
                return null;
            }
            if (t == tag) {
                byte[] v = new byte[len];
                System.arraycopy(data, i, v, 0, len);
                return v;
            }
            i += len;
        }
        return null;
    }

    static byte @Nullable [] find(byte[] data, int tag) {
        return find(data, 0, data.length, tag);
    }

    /** {@code tag} (one to three bytes), a DER length and the value. */
    static byte[] wrap(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        for (int shift = 16; shift >= 0; shift -= 8) {
            if ((tag >>> shift) != 0 || shift == 0) {
                out.write(tag >>> shift);
            }
        }
        int n = value.length;
        if (n >= 0x100) {
            out.write(0x82);
            out.write(n >>> 8);
        } else if (n >= 0x80) {
            out.write(0x81);
        }
        out.write(n);
        out.writeBytes(value);
        return out.toByteArray();
    }
}
