package org.p11plug.rpc.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.p11plug.api.raw.RawAttribute;

/** Builds request bodies as p11-kit-client.so 0.24 lays them out (the test's side of the wire). */
final class Request {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Request(RpcCall call) {
        this(call.id(), call.request);
    }

    Request(long id, String signature) {
        uint32(id);
        array(signature.getBytes(StandardCharsets.US_ASCII));
    }

    Request uint32(long v) {
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) v).array());
        return this;
    }

    Request u(long v) {
        out.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
        return this;
    }

    Request y(int b) {
        out.write(b);
        return this;
    }

    Request array(byte[] bytes) {
        uint32(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    Request nullArray() {
        return uint32(0xffffffffL);
    }

    /** {@code ay} with data. */
    Request ay(byte[] bytes) {
        return y(1).array(bytes);
    }

    /** {@code ay} for a NULL pointer with C's length beside it. */
    Request ayNull(long length) {
        return y(0).uint32(length);
    }

    /** {@code fy}/{@code fu}: the caller's buffer size. */
    Request f(long capacity) {
        return uint32(capacity);
    }

    /** {@code M} of p11-kit 0.24 without a parameter. */
    Request mechanism(long type) {
        return uint32(type).nullArray();
    }

    /** {@code aA}: attributes of the byte-array, byte or ulong classes. */
    Request template(RawAttribute... attributes) {
        uint32(attributes.length);
        for (RawAttribute a : attributes) {
            uint32(a.type()).y(1).uint32(a.bytes().length);
            switch (AttributeCodec.classOf(a.type(), 0)) {
                case BYTE -> y(a.bytes()[0]);
                case ULONG -> u(org.p11plug.api.raw.Ulong.decode(a.bytes()));
                default -> array(a.bytes());
            }
        }
        return this;
    }

    /** {@code fA}: pairs of type and buffer size (0 = NULL). */
    Request attributeRequests(long... typeAndCapacity) {
        uint32(typeAndCapacity.length / 2);
        for (long v : typeAndCapacity) {
            uint32(v);
        }
        return this;
    }

    byte[] body() {
        return out.toByteArray();
    }
}
