package org.p11plug.rpc.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.p11plug.api.CkVersion;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.AttributeResult;
import org.p11plug.api.raw.Ulong;

/**
 * Reads a response body the way p11-kit-client.so 0.24 reads it, independently of the
 * server's encoder: a test that decodes with this and compares with the encoder's bytes checks
 * the encoder against the protocol, not against itself.
 */
final class Response {
    /** An {@code ay} or {@code au} answer: data, or only the length/count needed. */
    record Output(boolean valid, long length, byte[] data, long[] values) {}

    final long callId;
    final String signature;
    final List<Object> values = new ArrayList<>();
    private final ByteBuffer in;

    Response(byte[] body) {
        in = ByteBuffer.wrap(body);
        callId = uint32();
        signature = new String(array(), StandardCharsets.US_ASCII);
        int i = 0;
        while (i < signature.length()) {
            if (signature.startsWith("ay", i)) {
                boolean valid = in.get() != 0;
                if (valid) {
                    byte[] data = array();
                    values.add(new Output(true, data == null ? 0 : data.length, data, null));
                } else {
                    values.add(new Output(false, uint32(), null, null));
                }
                i += 2;
            } else if (signature.startsWith("au", i)) {
                boolean valid = in.get() != 0;
                long count = uint32();
                long[] items = new long[valid ? (int) count : 0];
                for (int k = 0; k < items.length; k++) {
                    items[k] = in.getLong();
                }
                values.add(new Output(valid, count, null, items));
                i += 2;
            } else if (signature.startsWith("aA", i)) {
                int count = (int) uint32();
                List<AttributeResult> attributes = new ArrayList<>();
                for (int k = 0; k < count; k++) {
                    attributes.add(attribute());
                }
                values.add(attributes);
                i += 2;
            } else {
                char c = signature.charAt(i++);
                switch (c) {
                    case 'u' -> values.add(in.getLong());
                    case 'y' -> values.add(in.get() & 0xff);
                    case 'v' -> values.add(new CkVersion(in.get() & 0xff, in.get() & 0xff));
                    case 's' -> values.add(array());
                    default -> throw new IllegalStateException("response code " + c);
                }
            }
        }
        if (in.hasRemaining()) {
            throw new IllegalStateException(in.remaining() + " bytes left over");
        }
    }

    boolean isError() {
        return callId == 0;
    }

    /** @return the CK_RV of an ERROR, CKR_OK otherwise */
    long rv() {
        return isError() ? (Long) values.get(0) : CKR.OK;
    }

    long ulong(int index) {
        return (Long) values.get(index);
    }

    Output output(int index) {
        return (Output) values.get(index);
    }

    @SuppressWarnings("unchecked")
    List<AttributeResult> attributes(int index) {
        return (List<AttributeResult>) values.get(index);
    }

    String text(int index) {
        return new String((byte[]) values.get(index), StandardCharsets.UTF_8).stripTrailing();
    }

    /** Encodes the decoded values again with the server's encoder. */
    byte[] reencode() {
        if (isError()) {
            return MessageWriter.error(rv());
        }
        MessageWriter w = new MessageWriter(callId, signature);
        for (Object v : values) {
            if (v instanceof Long l) {
                w.ulong(l);
            } else if (v instanceof Integer b) {
                w.byteValue(b);
            } else if (v instanceof CkVersion version) {
                w.version(version);
            } else if (v instanceof byte[] s) {
                w.spaceString(new String(s, StandardCharsets.UTF_8), s.length);
            } else if (v instanceof Output o && o.values() == null) {
                if (o.valid()) {
                    w.bytes(o.data());
                } else {
                    w.bytesLength(o.length());
                }
            } else if (v instanceof Output o) {
                if (o.valid()) {
                    w.ulongs(o.values());
                } else {
                    w.ulongsCount(o.length());
                }
            } else {
                @SuppressWarnings("unchecked")
                List<AttributeResult> attributes = (List<AttributeResult>) v;
                w.beginAttributes(attributes.size());
                for (AttributeResult a : attributes) {
                    AttributeCodec.writeResult(w, a, 0);
                }
            }
        }
        return w.toBody();
    }

    private AttributeResult attribute() {
        long type = uint32();
        if (in.get() == 0) {
            return AttributeResult.unavailable(type, CKR.ATTRIBUTE_TYPE_INVALID);
        }
        long length = uint32();
        byte[] value = switch (AttributeCodec.classOf(type, 0)) {
            case BYTE -> new byte[] {in.get()};
            case ULONG -> Ulong.encode(in.getLong());
            case MECHANISM_ARRAY -> {
                long[] types = new long[(int) uint32()];
                for (int k = 0; k < types.length; k++) {
                    types[k] = in.getLong();
                }
                yield types.length == 0 && length != 0 ? null : Ulong.encodeArray(types);
            }
            default -> array();
        };
        return new AttributeResult(type, CKR.OK, length, value, null);
    }

    private long uint32() {
        return in.getInt() & 0xffffffffL;
    }

    private byte[] array() {
        long length = uint32();
        if (length == 0xffffffffL) {
            return null;
        }
        byte[] b = new byte[(int) length];
        in.get(b);
        return b;
    }
}
