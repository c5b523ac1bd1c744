package org.p11plug.card.soft.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a token directory's {@code token.meta} holds: identity, label, and the token key wrapped
 * under the SO's and the user's PIN-derived keys (each with its salt and KDF cost). No PIN and no
 * PIN hash is stored: a PIN is correct when its derived key opens the wrapped token key. The
 * public-object key seals public objects; it sits here in clear, so it protects them against
 * corruption, not against someone who can write the directory. The generation grows with every
 * C_InitToken (which draws a new token key); object files carry it in their names, so that a
 * crash in the middle of a re-initialisation leaves one consistent generation (see
 * {@link TokenDirectory}).
 */
record TokenMeta(
        String serial,
        int generation,
        boolean initialized,
        String label,
        Wrapped so,
        Wrapped user,
        byte[] publicObjectKey) {

    private static final byte[] MAGIC = "P11SOFT".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    /** A token key wrapped under one PIN: absent (empty arrays) until that PIN is set. */
    record Wrapped(PinKdf kdf, byte[] salt, byte[] wrappedKey) {
        static final Wrapped NONE = new Wrapped(PinKdf.DEFAULT, new byte[0], new byte[0]);

        boolean present() {
            return wrappedKey.length > 0;
        }
    }

    static TokenMeta fresh(String serial) {
        return new TokenMeta(serial, 0, false, "", Wrapped.NONE, Wrapped.NONE, Sealer.randomBytes(32));
    }

    TokenMeta withSo(Wrapped w) {
        return new TokenMeta(serial, generation, initialized, label, w, user, publicObjectKey);
    }

    TokenMeta withUser(Wrapped w) {
        return new TokenMeta(serial, generation, initialized, label, so, w, publicObjectKey);
    }

    /** C_InitToken's result: a new key generation, the new SO wrapping, no user PIN. */
    TokenMeta initializedAs(String newLabel, Wrapped newSo) {
        return new TokenMeta(serial, generation + 1, true, newLabel, newSo, Wrapped.NONE, publicObjectKey);
    }

    /** Associated data binding a wrapped token key to this token and role. */
    byte[] wrapIdentity(String role) {
        return ("p11plug-token-key-v1|" + serial + "|" + role).getBytes(StandardCharsets.UTF_8);
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.writeUTF(serial);
            out.writeInt(generation);
            out.writeBoolean(initialized);
            out.writeUTF(label);
            writeWrapped(out, so);
            writeWrapped(out, user);
            writeBytes(out, publicObjectKey);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static TokenMeta decode(byte[] encoded) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!java.util.Arrays.equals(magic, MAGIC) || in.readUnsignedByte() != VERSION) {
            throw new IOException("not a p11plug soft token (or a newer version)");
        }
        return new TokenMeta(in.readUTF(), in.readInt(), in.readBoolean(), in.readUTF(), readWrapped(in), readWrapped(in),
                readBytes(in));
    }

    private static void writeWrapped(DataOutputStream out, Wrapped w) throws IOException {
        out.writeInt(w.kdf().memoryKiB());
        out.writeInt(w.kdf().iterations());
        out.writeInt(w.kdf().parallelism());
        writeBytes(out, w.salt());
        writeBytes(out, w.wrappedKey());
    }

    private static Wrapped readWrapped(DataInputStream in) throws IOException {
        PinKdf kdf = new PinKdf(in.readInt(), in.readInt(), in.readInt());
        return new Wrapped(kdf, readBytes(in), readBytes(in));
    }

    static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 24) {
            throw new IOException("corrupt length " + n);
        }
        return in.readNBytes(n);
    }
}
