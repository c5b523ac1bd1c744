package org.p11plug.card.soft.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Consecutive failed PIN checks for the user and the SO, persisted in {@code pin.state} (fsynced)
 * before a check is answered. A torn or corrupt file cannot happen with atomic writes; if it is
 * found anyway, both PINs count as locked rather than reset.
 */
record PinCounters(int userFailures, int soFailures) {
    static final PinCounters ZERO = new PinCounters(0, 0);
    static final PinCounters LOCKED = new PinCounters(Integer.MAX_VALUE / 2, Integer.MAX_VALUE / 2);

    PinCounters withUser(int failures) {
        return new PinCounters(failures, soFailures);
    }

    PinCounters withSo(int failures) {
        return new PinCounters(userFailures, failures);
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putInt(0x50494E53).putInt(userFailures).putInt(soFailures);
        b.putInt((int) crc(b.array(), 12));
        return b.array();
    }

    static PinCounters decode(byte[] encoded) throws IOException {
        if (encoded.length != 16) {
            throw new IOException("pin.state has " + encoded.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(encoded);
        if (b.getInt() != 0x50494E53) {
            throw new IOException("pin.state has a wrong magic");
        }
        PinCounters c = new PinCounters(b.getInt(), b.getInt());
        if (b.getInt() != (int) crc(encoded, 12)) {
            throw new IOException("pin.state checksum mismatch");
        }
        return c;
    }

    private static long crc(byte[] data, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        return crc.getValue();
    }
}
