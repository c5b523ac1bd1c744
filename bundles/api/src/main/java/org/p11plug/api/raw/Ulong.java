package org.p11plug.api.raw;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** The raw layer's {@code CK_ULONG} image: eight bytes, little-endian, as on LP64 x86-64 and AArch64. */
public final class Ulong {
    private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Ulong() {
    }

    public static byte[] encode(long value) {
        byte[] b = new byte[8];
        LE.set(b, 0, value);
        return b;
    }

    public static void encode(long value, byte[] into, int offset) {
        LE.set(into, offset, value);
    }

    /** @throws IllegalArgumentException when the value is not eight bytes */
    public static long decode(byte[] value) {
        if (value.length != 8) {
            throw new IllegalArgumentException("CK_ULONG value of " + value.length + " bytes");
        }
        return (long) LE.get(value, 0);
    }

    public static long decode(byte[] value, int offset) {
        return (long) LE.get(value, offset);
    }

    public static byte[] encodeArray(long[] values) {
        byte[] b = new byte[values.length * 8];
        for (int i = 0; i < values.length; i++) {
            LE.set(b, i * 8, values[i]);
        }
        return b;
    }

    /** @throws IllegalArgumentException when the length is not a multiple of eight */
    public static long[] decodeArray(byte[] value) {
        if (value.length % 8 != 0) {
            throw new IllegalArgumentException("CK_ULONG array of " + value.length + " bytes");
        }
        long[] out = new long[value.length / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) LE.get(value, i * 8);
        }
        return out;
    }
}
