package org.p11plug.virtualpiv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a virtual PIV card remembers: PIN, PUK and their retry counters, the management
 * key, the key pairs of the slots and the data objects. Optionally written to a file after every
 * change, so that a developer's card keeps its keys across restarts. The file holds private keys
 * in clear: the card is a development device, no place for real keys.
 */
final class CardState {
    static final int MAX_TRIES = 3;
    static final byte[] DEFAULT_MANAGEMENT_KEY = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8};
    private static final int MAGIC = 0x50495631; // "PIV1"

    /** A slot's key pair: the PIV algorithm id, PKCS #8 private and X.509 public encodings. */
    record SlotKey(int algorithm, byte[] pkcs8, byte[] spki) {}

    byte[] pin = pad("123456");
    byte[] puk = pad("12345678");
    int pinTries = MAX_TRIES;
    int pukTries = MAX_TRIES;
    int managementAlgorithm = PivCardEdge.ALG_3DES;
    byte[] managementKey = DEFAULT_MANAGEMENT_KEY.clone();
    final Map<Integer, SlotKey> keys = new TreeMap<>();
    /** Data objects by tag (0x7E, 0x5FC1xx), each as GET DATA returns it. */
    final Map<Integer, byte[]> objects = new TreeMap<>();
    private Path file;

    /** A new card: default PIN 123456, PUK 12345678, 3DES management key 0102..08 × 3, a random GUID. */
    static CardState fresh() {
        CardState s = new CardState();
        s.objects.put(0x7E, PivCardEdge.discoveryObject());
        byte[] guid = new byte[16];
        new SecureRandom().nextBytes(guid);
        s.objects.put(0x5FC102, PivCardEdge.chuid(guid));
        return s;
    }

    /** The state in {@code file}, or a fresh card written there. */
    static CardState persistentIn(Path file) throws IOException {
        CardState s = Files.exists(file) ? read(Files.readAllBytes(file)) : fresh();
        s.file = file;
        s.save();
        return s;
    }

    /** Writes the state to its file, if it has one (atomically, readable by its owner only). */
    void save() {
        if (file == null) {
            return;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, bytes());
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot save the card state to " + file, e);
        }
    }

    byte[] bytes() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(MAGIC);
            bytes(out, pin);
            bytes(out, puk);
            out.writeByte(pinTries);
            out.writeByte(pukTries);
            out.writeByte(managementAlgorithm);
            bytes(out, managementKey);
            out.writeShort(keys.size());
            for (Map.Entry<Integer, SlotKey> e : keys.entrySet()) {
                out.writeByte(e.getKey());
                out.writeByte(e.getValue().algorithm());
                bytes(out, e.getValue().pkcs8());
                bytes(out, e.getValue().spki());
            }
            out.writeShort(objects.size());
            for (Map.Entry<Integer, byte[]> e : objects.entrySet()) {
                out.writeInt(e.getKey());
                bytes(out, e.getValue());
            }
        }
        return buffer.toByteArray();
    }

    static CardState read(byte[] data) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a virtual PIV card state");
            }
            CardState s = new CardState();
            s.pin = bytes(in);
            s.puk = bytes(in);
            s.pinTries = in.readUnsignedByte();
            s.pukTries = in.readUnsignedByte();
            s.managementAlgorithm = in.readUnsignedByte();
            s.managementKey = bytes(in);
            for (int n = in.readUnsignedShort(); n > 0; n--) {
                int slot = in.readUnsignedByte();
                s.keys.put(slot, new SlotKey(in.readUnsignedByte(), bytes(in), bytes(in)));
            }
            for (int n = in.readUnsignedShort(); n > 0; n--) {
                s.objects.put(in.readInt(), bytes(in));
            }
            return s;
        }
    }

    /** A PIN or PUK as the card compares it: the digits padded to 8 bytes with FF. */
    static byte[] pad(String digits) {
        byte[] out = new byte[8];
        Arrays.fill(out, (byte) 0xFF);
        byte[] d = digits.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(d, 0, out, 0, d.length);
        return out;
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
