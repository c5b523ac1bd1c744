package org.p11plug.rpc.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The frames of a captured p11-kit RPC byte stream (version byte first). */
final class Frames {
    static final Path CAPTURES = Path.of("src/test/resources/captures");

    record Frame(long code, byte[] options, byte[] body) {
        byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(12 + options.length + body.length);
            b.putInt((int) code).putInt(options.length).putInt(body.length).put(options).put(body);
            return b.array();
        }
    }

    private Frames() {
    }

    static byte[] stream(String capture, String direction) throws IOException {
        return Files.readAllBytes(CAPTURES.resolve(capture + "." + direction + ".bin"));
    }

    static List<Frame> parse(byte[] stream) {
        ByteBuffer b = ByteBuffer.wrap(stream);
        b.get(); // the version byte
        List<Frame> frames = new ArrayList<>();
        while (b.hasRemaining()) {
            long code = b.getInt() & 0xffffffffL;
            byte[] options = new byte[b.getInt()];
            byte[] body = new byte[b.getInt()];
            b.get(options).get(body);
            frames.add(new Frame(code, options, body));
        }
        return frames;
    }

    static List<String> captureNames() throws IOException {
        try (var files = Files.list(CAPTURES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".c2s.bin"))
                    .map(n -> n.substring(0, n.length() - ".c2s.bin".length())).sorted().toList();
        }
    }
}
