package org.p11plug.itests;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Talks to the native bridge as p11-kit-client.so 0.24 does, just enough to prove it serves:
 * the version byte, C_Initialize, and C_GetSlotList(tokenPresent) with room for 16 slots.
 */
final class RpcProbe {
    private RpcProbe() {
    }

    /** @return the ids of the slots with a token, as the bridge lists them */
    static long[] slotsWithToken(Path socket) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            write(ch, ByteBuffer.wrap(new byte[] {0}));
            ByteBuffer version = read(ch, 1);
            if (version.get(0) != 0) {
                throw new IOException("version " + version.get(0));
            }
            byte[] handshake = "PRIVATE-GNOME-KEYRING-PKCS11-PROTOCOL-V-1".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer init = ByteBuffer.allocate(4 + 9 + 1 + 4 + handshake.length + 1 + 1 + 4 + 1);
            init.putInt(1).putInt(5).put("ayyay".getBytes(StandardCharsets.US_ASCII))
                    .put((byte) 1).putInt(handshake.length).put(handshake).put((byte) 0)
                    .put((byte) 1).putInt(1).put((byte) 0);
            ByteBuffer answer = call(ch, 0x10, init.array());
            if (answer.getInt(0) != 1) {
                throw new IOException("C_Initialize answered with call " + answer.getInt(0));
            }
            ByteBuffer list = ByteBuffer.allocate(4 + 7 + 1 + 4);
            list.putInt(4).putInt(3).put("yfu".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).putInt(16);
            ByteBuffer slots = call(ch, 0x11, list.array());
            if (slots.getInt(0) != 4) {
                throw new IOException("C_GetSlotList answered with call " + slots.getInt(0));
            }
            slots.position(4 + 4 + 2 + 1);
            long[] ids = new long[slots.getInt()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = slots.getLong();
            }
            return ids;
        }
    }

    private static ByteBuffer call(SocketChannel ch, int code, byte[] body) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(12 + 6 + body.length);
        frame.putInt(code).putInt(6).putInt(body.length).put("client".getBytes(StandardCharsets.US_ASCII)).put(body);
        frame.flip();
        write(ch, frame);
        ByteBuffer header = read(ch, 12);
        if (header.getInt(0) != code) {
            throw new IOException("answer to another call");
        }
        read(ch, header.getInt(4));
        return read(ch, header.getInt(8));
    }

    private static void write(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static ByteBuffer read(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("the bridge closed the connection");
            }
        }
        return b.flip();
    }
}
