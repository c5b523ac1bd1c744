package org.p11plug.rpc.internal;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads one message body: big-endian integers, p11-kit's byte arrays, and a cursor over the
 * call's signature so that every read is checked against the type the table promises. Every
 * length is checked against what is left of the body before anything is allocated, so a
 * message can never make the reader allocate more than the frame it arrived in.
 */
final class MessageReader {
    /** Byte array length meaning C's NULL pointer. */
    static final long NULL_ARRAY = 0xffffffffL;

    private final byte[] body;
    private int position;
    private String signature = "";
    private int sigPosition;

    MessageReader(byte[] body) {
        this.body = body;
    }

    /** Reads the call id and the signature; the caller checks the signature against the table. */
    long readHeader() {
        long id = readUint32();
        byte[] sig = readRawArray();
        if (sig == null) {
            throw new MalformedMessage("null signature");
        }
        signature = new String(sig, StandardCharsets.US_ASCII);
        return id;
    }

    String signature() {
        return signature;
    }

    /** Checks that the signature says {@code codes} next, and steps over them. */
    void expect(String codes) {
        if (!signature.startsWith(codes, sigPosition)) {
            throw new MalformedMessage("read " + codes + " where the signature has " + signature.substring(sigPosition));
        }
        sigPosition += codes.length();
    }

    /** Checks that the whole body and the whole signature were read. */
    void finish() {
        if (position != body.length) {
            throw new MalformedMessage((body.length - position) + " bytes left over");
        }
        if (sigPosition != signature.length()) {
            throw new MalformedMessage("signature not fully read");
        }
    }

    int remaining() {
        return body.length - position;
    }

    // ---- primitives (no signature step) ----

    int readByte() {
        need(1);
        return body[position++] & 0xff;
    }

    long readUint32() {
        need(4);
        long v = ((body[position] & 0xffL) << 24) | ((body[position + 1] & 0xffL) << 16)
                | ((body[position + 2] & 0xffL) << 8) | (body[position + 3] & 0xffL);
        position += 4;
        return v;
    }

    long readUint64() {
        long high = readUint32();
        return (high << 32) | readUint32();
    }

    /** A byte array: uint32 length and the bytes; null for p11-kit's NULL marker. */
    byte @Nullable [] readRawArray() {
        long length = readUint32();
        if (length == NULL_ARRAY) {
            return null;
        }
        if (length >= 0x7fffffffL) {
            throw new MalformedMessage("byte array length " + length);
        }
        need((int) length);
        byte[] out = new byte[(int) length];
        System.arraycopy(body, position, out, 0, out.length);
        position += out.length;
        return out;
    }

    /** A count that promises {@code count * minElementBytes} more bytes; checked before use. */
    int readCount(int minElementBytes) {
        long count = readUint32();
        if (count * minElementBytes > remaining()) {
            throw new MalformedMessage("count " + count + " beyond the message");
        }
        return (int) count;
    }

    // ---- signature codes ----

    long ulong() {
        expect("u");
        return readUint64();
    }

    int byteValue() {
        expect("y");
        return readByte();
    }

    /**
     * {@code ay} in a request: the caller's input bytes. A NULL pointer arrives as
     * {@code valid=0} plus the caller's length (read it: the client always writes it, although
     * p11-kit's own server does not read it).
     */
    ByteInput byteInput() {
        expect("ay");
        int valid = readByte();
        if (valid == 0) {
            return new ByteInput(null, readUint32());
        }
        byte[] data = readRawArray();
        return new ByteInput(data, data == null ? 0 : data.length);
    }

    /** {@code fy} or {@code fu}: the element count of the caller's output buffer, 0 for NULL. */
    long bufferCapacity(char element) {
        expect(element == 'y' ? "fy" : "fu");
        return readUint32();
    }

    /** {@code z}: a string without its NUL (only C_InitToken's label). */
    byte[] zString() {
        expect("z");
        byte[] s = readRawArray();
        return s == null ? new byte[0] : s;
    }

    /** The input bytes of an {@code ay}, or the length C passed beside a NULL pointer. */
    record ByteInput(byte @Nullable [] data, long length) {
        /** Data arguments: NULL with length 0 is the empty input; NULL with a length is bad. */
        byte[] required() {
            if (data != null) {
                return data;
            }
            if (length != 0) {
                throw new org.p11plug.api.CkException(org.p11plug.api.ck.CKR.ARGUMENTS_BAD, "NULL data with a length");
            }
            return new byte[0];
        }
    }

    private void need(int n) {
        if (n < 0 || n > body.length - position) {
            throw new MalformedMessage("message too short");
        }
    }
}
