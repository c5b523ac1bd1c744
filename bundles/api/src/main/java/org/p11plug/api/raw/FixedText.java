package org.p11plug.api.raw;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The blank-padded, unterminated UTF-8 fields of PKCS#11's info structures (labels, serial
 * numbers, descriptions): padding to the C width and reading back.
 */
public final class FixedText {
    private FixedText() {
    }

    /** Encodes as UTF-8, cut at a character boundary to fit, and pads with blanks to {@code width}. */
    public static byte[] pad(String text, int width) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer out = ByteBuffer.allocate(width);
        encoder.encode(CharBuffer.wrap(text), out, true);
        byte[] result = Arrays.copyOf(out.array(), width);
        Arrays.fill(result, out.position(), width, (byte) ' ');
        return result;
    }

    /** Decodes UTF-8 and strips the blank padding (and any NULs a careless writer left). */
    public static String unpad(byte[] field) {
        int end = field.length;
        while (end > 0 && (field[end - 1] == ' ' || field[end - 1] == 0)) {
            end--;
        }
        return new String(field, 0, end, StandardCharsets.UTF_8);
    }
}
