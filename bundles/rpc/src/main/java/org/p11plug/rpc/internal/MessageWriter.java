package org.p11plug.rpc.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkVersion;
import org.p11plug.api.raw.FixedText;

/**
 * Writes one message body in p11-kit's encoding, checking each write against the signature of
 * the message being built, so a response can never drift from the table.
 */
final class MessageWriter {
    private byte[] buffer;
    private int length;
    private final String signature;
    private int sigPosition;

    MessageWriter(long callId, String signature) {
        this.buffer = new byte[64 + 2 * signature.length()];
        this.signature = signature;
        writeUint32(callId);
        writeArray(signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** An ERROR message carrying {@code rv}. */
    static byte[] error(long rv) {
        MessageWriter w = new MessageWriter(RpcCall.ERROR.id(), RpcCall.ERROR.response);
        w.ulong(rv);
        return w.toBody();
    }

    byte[] toBody() {
        if (sigPosition != signature.length()) {
            throw new IllegalStateException("response " + signature + " incomplete at " + sigPosition);
        }
        return Arrays.copyOf(buffer, length);
    }

    private void step(String codes) {
        if (!signature.startsWith(codes, sigPosition)) {
            throw new IllegalStateException("wrote " + codes + " where the signature has " + signature.substring(sigPosition));
        }
        sigPosition += codes.length();
    }

    // ---- primitives ----

    void writeByte(int b) {
        ensure(1);
        buffer[length++] = (byte) b;
    }

    void writeUint32(long v) {
        ensure(4);
        buffer[length] = (byte) (v >>> 24);
        buffer[length + 1] = (byte) (v >>> 16);
        buffer[length + 2] = (byte) (v >>> 8);
        buffer[length + 3] = (byte) v;
        length += 4;
    }

    void writeUint64(long v) {
        writeUint32(v >>> 32);
        writeUint32(v & 0xffffffffL);
    }

    /** A byte array; null writes p11-kit's NULL marker. */
    void writeArray(byte @Nullable [] bytes) {
        if (bytes == null) {
            writeUint32(MessageReader.NULL_ARRAY);
            return;
        }
        writeUint32(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    // ---- signature codes ----

    void ulong(long v) {
        step("u");
        writeUint64(v);
    }

    void byteValue(int b) {
        step("y");
        writeByte(b);
    }

    void version(CkVersion v) {
        step("v");
        writeByte(v.major());
        writeByte(v.minor());
    }

    /** {@code s}: a blank-padded field of exactly {@code width} bytes. */
    void spaceString(String text, int width) {
        step("s");
        writeArray(FixedText.pad(text, width));
    }

    /** {@code ay} with data. */
    void bytes(byte[] data) {
        step("ay");
        writeByte(1);
        writeArray(data);
    }

    /** {@code ay} without data: "this is the length needed". */
    void bytesLength(long needed) {
        step("ay");
        writeByte(0);
        writeUint32(needed);
    }

    /** {@code au} with the values. */
    void ulongs(long[] values) {
        step("au");
        writeByte(1);
        writeUint32(values.length);
        for (long v : values) {
            writeUint64(v);
        }
    }

    /** {@code au} without values: "this is the count needed". */
    void ulongsCount(long needed) {
        step("au");
        writeByte(0);
        writeUint32(needed);
    }

    /** Steps over {@code aA}; the attributes themselves are written by {@link AttributeCodec}. */
    void beginAttributes(int count) {
        step("aA");
        writeUint32(count);
    }

    private void ensure(int n) {
        if (buffer.length - length < n) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
        }
    }
}
