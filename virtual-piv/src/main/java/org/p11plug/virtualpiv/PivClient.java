package org.p11plug.virtualpiv;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The host side of the PIV card edge, for tests and benchmarks: short APDUs, command chaining
 * and GET RESPONSE as the tools do them, and the usual steps (select, verify, management-key
 * authentication with the default 3DES key, key generation, private-key operations) over any
 * transport (the simulator directly, or javax.smartcardio through pcscd).
 */
public final class PivClient {
    public static final byte[] PIV_AID = HexFormat.of().parseHex("a000000308000010000100");

    /** A response APDU: data and status word. */
    public record Reply(byte[] data, int sw) {
        public Reply expect(int expected) {
            if (sw != expected) {
                throw new AssertionError(String.format("SW %04X, expected %04X", sw, expected));
            }
            return this;
        }
    }

    private final UnaryOperator<byte[]> transport;

    public PivClient(UnaryOperator<byte[]> transport) {
        this.transport = transport;
    }

    /** One short APDU as sent (Le omitted when {@code le} is negative). */
    public Reply raw(int cla, int ins, int p1, int p2, byte[] data, int le) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        c.write(cla);
        c.write(ins);
        c.write(p1);
        c.write(p2);
        if (data.length > 0) {
            c.write(data.length);
            c.writeBytes(data);
        }
        if (le >= 0) {
            c.write(le);
        }
        byte[] r = transport.apply(c.toByteArray());
        return new Reply(Arrays.copyOf(r, r.length - 2), ((r[r.length - 2] & 0xFF) << 8) | (r[r.length - 1] & 0xFF));
    }

    /** A command with chaining for long data and GET RESPONSE for long answers, as the tools do. */
    public Reply send(int ins, int p1, int p2, byte[] data) {
        int offset = 0;
        while (data.length - offset > 255) {
            raw(0x10, ins, p1, p2, Arrays.copyOfRange(data, offset, offset + 255), -1).expect(0x9000);
            offset += 255;
        }
        Reply r = raw(0x00, ins, p1, p2, Arrays.copyOfRange(data, offset, data.length), -1);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(r.data());
        while ((r.sw() & 0xFF00) == 0x6100) {
            r = raw(0x00, 0xC0, 0, 0, new byte[0], r.sw() & 0xFF);
            all.writeBytes(r.data());
        }
        return new Reply(all.toByteArray(), r.sw());
    }

    public Reply select(byte[] aid) {
        return raw(0x00, 0xA4, 0x04, 0x00, aid, 0);
    }

    public Reply verify(String pin) {
        return send(0x20, 0x00, 0x80, pin == null ? new byte[0] : CardState.pad(pin));
    }

    /** Mutual authentication with the default 3DES management key. */
    public void authenticate() throws Exception {
        authenticate(0x03, CardState.DEFAULT_MANAGEMENT_KEY);
    }

    /** Mutual authentication with a management key: 0x03 3DES, 0x08/0x0A/0x0C AES-128/192/256. */
    public void authenticate(int algorithm, byte[] key) throws Exception {
        boolean des = algorithm == 0x03;
        String name = des ? "DESede" : "AES";
        Reply w = send(0x87, algorithm, 0x9B, Tlv.of(0x7C, Tlv.of(0x80, new byte[0]))).expect(0x9000);
        byte[] encrypted = Tlv.parse(Tlv.parse(w.data()).get(0x7C)).get(0x80);
        Cipher cipher = Cipher.getInstance(name + "/ECB/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, name));
        byte[] witness = cipher.doFinal(encrypted);
        byte[] challenge = Arrays.copyOf(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"), des ? 8 : 16);
        Reply r = send(0x87, algorithm, 0x9B, Tlv.of(0x7C, Tlv.concat(Tlv.of(0x80, witness), Tlv.of(0x81, challenge))))
                .expect(0x9000);
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, name));
        byte[] expected = cipher.doFinal(challenge);
        if (!Arrays.equals(Tlv.parse(Tlv.parse(r.data()).get(0x7C)).get(0x82), expected)) {
            throw new AssertionError("the card does not know the management key");
        }
    }

    public Reply generate(int slot, int algorithm) {
        return send(0x47, 0x00, slot, Tlv.of(0xAC, Tlv.of(0x80, new byte[] {(byte) algorithm})));
    }

    /** GENERAL AUTHENTICATE with a challenge (81) or a peer point (85); returns the 82 content. */
    public Reply privateKey(int algorithm, int slot, int tag, byte[] input) {
        Reply r = send(0x87, algorithm, slot, Tlv.of(0x7C, Tlv.concat(Tlv.of(0x82, new byte[0]), Tlv.of(tag, input))));
        if (r.sw() != 0x9000) {
            return r;
        }
        return new Reply(Tlv.parse(Tlv.parse(r.data()).get(0x7C)).get(0x82), r.sw());
    }
}
