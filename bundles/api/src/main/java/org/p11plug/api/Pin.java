package org.p11plug.api;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A PIN as PKCS#11 carries it: UTF-8 bytes. Erasable, never a {@link String}: {@link #close()}
 * overwrites the bytes, so {@code try (Pin pin = Pin.of(chars)) { ... }} leaves no copy behind
 * that this class made. The caller still owns (and should erase) the array it passed in.
 */
public final class Pin implements AutoCloseable {
    private final byte[] utf8;
    private volatile boolean erased;

    private Pin(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** Encodes characters as UTF-8 without an intermediate String; the chars are not kept. */
    public static Pin of(char[] chars) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer encoded;
        try {
            encoded = encoder.encode(CharBuffer.wrap(chars));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("PIN is not valid Unicode", e);
        }
        byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.arrayOffset(), encoded.arrayOffset() + encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return new Pin(bytes);
    }

    /** Copies UTF-8 bytes; the caller keeps ownership of its array. */
    public static Pin ofUtf8(byte[] utf8) {
        return new Pin(utf8.clone());
    }

    /**
     * A fresh copy of the PIN's bytes, for handing to a raw call; the receiver erases it when done
     * (for example with {@code Arrays.fill(copy, (byte) 0)}).
     */
    public byte[] copyUtf8() {
        if (erased) {
            throw new IllegalStateException("PIN was erased");
        }
        return utf8.clone();
    }

    public int length() {
        return utf8.length;
    }

    /** Overwrites the PIN; later use fails. */
    @Override
    public void close() {
        Arrays.fill(utf8, (byte) 0);
        erased = true;
    }

    @Override
    public String toString() {
        return "Pin[" + (erased ? "erased" : utf8.length + " bytes") + "]";
    }
}
