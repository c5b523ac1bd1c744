package org.p11plug.card.pcsc.internal;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.smartcardio.ResponseAPDU;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkException;
import org.p11plug.api.ck.CKR;

/**
 * The PIV card edge (SP 800-73-5 part 2) as commands: SELECT, GET DATA, VERIFY, CHANGE
 * REFERENCE DATA, GENERAL AUTHENTICATE with command chaining. Status words become the
 * PKCS#11 codes the specification assigns: 63Cx {@code CKR_PIN_INCORRECT}, 6983
 * {@code CKR_PIN_LOCKED}, 6982 {@code CKR_USER_NOT_LOGGED_IN}.
 */
final class PivCard {
    static final byte[] AID = {(byte) 0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00};
    static final int SW_OK = 0x9000;

    private final CardSession session;

    PivCard(CardSession session) {
        this.session = session;
    }

    CardSession session() {
        return session;
    }

    /** Selects the PIV application; true when the card has one. */
    boolean select() {
        ResponseAPDU r = session.transmit(command(0x00, 0xA4, 0x04, 0x00, AID, true));
        return r.getSW() == SW_OK;
    }

    /** A data object's content (inside its 53 wrapper), or null when the card has none. */
    byte @Nullable [] getData(int tag) {
        byte[] tagBytes = tag > 0xFFFF ? new byte[] {(byte) (tag >>> 16), (byte) (tag >>> 8), (byte) tag}
                : new byte[] {(byte) tag};
        ResponseAPDU r = session.transmit(command(0x00, 0xCB, 0x3F, 0xFF, Ber.wrap(0x5C, tagBytes), true));
        if (r.getSW() == 0x6A82) {
            return null;
        }
        check(r.getSW());
        byte[] data = r.getData();
        byte[] content = Ber.find(data, 0x53);
        return content != null ? content : data;
    }

    /** The PIN's state: tries left (0 when blocked), or -1 when verified now. */
    int pinStatus() {
        int sw = session.transmit(command(0x00, 0x20, 0x00, 0x80, new byte[0], false)).getSW();
        if (sw == SW_OK) {
            return -1;
        }
        if (sw == 0x6983) {
            return 0;
        }
        if ((sw & 0xFFF0) == 0x63C0) {
            return sw & 0x0F;
        }
        throw new CkException(CKR.DEVICE_ERROR, String.format("PIN status: SW %04X", sw));
    }

    /**
     * VERIFY with the PIN padded to 8 bytes with FF. A PIN of the wrong length is a wrong PIN
     * (C_Login has no CKR_PIN_LEN_RANGE): one of up to 8 bytes goes to the card, which counts it;
     * a longer one cannot be sent and is refused here, uncounted.
     */
    void verify(byte[] pin) {
        if (pin.length == 0 || pin.length > 8) {
            throw new CkException(CKR.PIN_INCORRECT, "a PIV PIN has at most 8 characters");
        }
        byte[] padded = new byte[8];
        Arrays.fill(padded, (byte) 0xFF);
        System.arraycopy(pin, 0, padded, 0, pin.length);
        try {
            check(session.transmit(command(0x00, 0x20, 0x00, 0x80, padded, false)).getSW());
        } finally {
            Arrays.fill(padded, (byte) 0);
        }
    }

    /** Forgets the PIN verification (VERIFY with P1 = FF). */
    void resetPin() {
        session.transmit(command(0x00, 0x20, 0xFF, 0x80, new byte[0], false));
    }

    /** CHANGE REFERENCE DATA for the PIN (0x80) or the PUK (0x81). */
    void change(int reference, byte[] oldPin, byte[] newPin) {
        byte[] data = new byte[16];
        System.arraycopy(pad(oldPin), 0, data, 0, 8);
        System.arraycopy(pad(newPin), 0, data, 8, 8);
        try {
            check(session.transmit(command(0x00, 0x24, 0x00, reference, data, false)).getSW());
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /** RESET RETRY COUNTER: the PUK (already padded) and a new PIN. */
    void resetRetryCounter(byte[] paddedPuk, byte[] newPin) {
        byte[] data = new byte[16];
        System.arraycopy(paddedPuk, 0, data, 0, 8);
        System.arraycopy(pad(newPin), 0, data, 8, 8);
        try {
            check(session.transmit(command(0x00, 0x2C, 0x00, 0x80, data, false)).getSW());
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /**
     * GENERAL AUTHENTICATE with a key slot: {@code 7C{82 00, <tag> <input>}}, chained when it does
     * not fit one APDU; the content of the response's 82.
     */
    byte[] generalAuthenticate(int algorithm, int slot, int tag, byte[] input) {
        byte[] template = Ber.wrap(0x7C, concat(new byte[] {(byte) 0x82, 0x00}, Ber.wrap(tag, input)));
        return session.exclusive(() -> {
            int offset = 0;
            while (template.length - offset > 255) {
                check(session.transmit(command(0x10, 0x87, algorithm, slot,
                        Arrays.copyOfRange(template, offset, offset + 255), false)).getSW());
                offset += 255;
            }
            ResponseAPDU r = session.transmit(command(0x00, 0x87, algorithm, slot,
                    Arrays.copyOfRange(template, offset, template.length), true));
            check(r.getSW());
            byte[] outer = Ber.find(r.getData(), 0x7C);
            byte[] result = outer == null ? null : Ber.find(outer, 0x82);
            if (result == null) {
                throw new CkException(CKR.DEVICE_ERROR, "GENERAL AUTHENTICATE answered no response template");
            }
            return result;
        });
    }

    /**
     * Mutual authentication with the card management key (9B): the card's witness decrypted,
     * our challenge, and the card's encryption of it checked. Run inside a transaction with the
     * command it unlocks.
     */
    void authenticate(ManagementKey key) {
        ResponseAPDU w = session.transmit(command(0x00, 0x87, key.algorithm, 0x9B,
                Ber.wrap(0x7C, new byte[] {(byte) 0x80, 0x00}), true));
        check(w.getSW());
        byte[] outer = Ber.find(w.getData(), 0x7C);
        byte[] encrypted = outer == null ? null : Ber.find(outer, 0x80);
        if (encrypted == null || encrypted.length != key.blockSize()) {
            throw new CkException(CKR.DEVICE_ERROR, "the card sent no management-key witness");
        }
        byte[] witness = key.crypt(javax.crypto.Cipher.DECRYPT_MODE, encrypted);
        byte[] challenge = new byte[key.blockSize()];
        new java.security.SecureRandom().nextBytes(challenge);
        ResponseAPDU r = session.transmit(command(0x00, 0x87, key.algorithm, 0x9B,
                Ber.wrap(0x7C, concat(Ber.wrap(0x80, witness), Ber.wrap(0x81, challenge))), true));
        if (r.getSW() == 0x6982) {
            throw new CkException(CKR.PIN_INCORRECT, "the card refused the configured management key");
        }
        check(r.getSW());
        byte[] answer = Ber.find(r.getData(), 0x7C);
        byte[] proof = answer == null ? null : Ber.find(answer, 0x82);
        if (proof == null || !java.security.MessageDigest.isEqual(proof, key.crypt(javax.crypto.Cipher.ENCRYPT_MODE, challenge))) {
            throw new CkException(CKR.DEVICE_ERROR, "the card did not prove it knows the management key");
        }
    }

    /** GENERATE ASYMMETRIC KEY PAIR: the content of the reply's 7F49 (the public key). */
    byte[] generate(int slot, int algorithm) {
        ResponseAPDU r = session.transmit(command(0x00, 0x47, 0x00, slot,
                Ber.wrap(0xAC, Ber.wrap(0x80, new byte[] {(byte) algorithm})), true));
        check(r.getSW());
        byte[] key = Ber.find(r.getData(), 0x7F49);
        if (key == null) {
            throw new CkException(CKR.DEVICE_ERROR, "the card's key generation answered no public key");
        }
        return key;
    }

    /** PUT DATA of a data object's content (wrapped in 53 here), chained as needed. */
    void putData(int tag, byte[] content) {
        byte[] data = concat(Ber.wrap(0x5C, new byte[] {(byte) (tag >>> 16), (byte) (tag >>> 8), (byte) tag}),
                Ber.wrap(0x53, content));
        int offset = 0;
        while (data.length - offset > 255) {
            check(session.transmit(command(0x10, 0xDB, 0x3F, 0xFF, Arrays.copyOfRange(data, offset, offset + 255), false)).getSW());
            offset += 255;
        }
        check(session.transmit(command(0x00, 0xDB, 0x3F, 0xFF, Arrays.copyOfRange(data, offset, data.length), false)).getSW());
    }

    /** 6 to 8 bytes, padded with FF to 8; anything else cannot be a PIV PIN. */
    static byte[] pad(byte[] pin) {
        if (pin.length < 6 || pin.length > 8) {
            throw new CkException(CKR.PIN_LEN_RANGE, "a PIV PIN has 6 to 8 characters");
        }
        byte[] out = new byte[8];
        Arrays.fill(out, (byte) 0xFF);
        System.arraycopy(pin, 0, out, 0, pin.length);
        return out;
    }

    static void check(int sw) {
        if (sw == SW_OK) {
            return;
        }
        if ((sw & 0xFFF0) == 0x63C0) {
            throw new CkException(CKR.PIN_INCORRECT, (sw & 0x0F) + " tries left");
        }
        switch (sw) {
            case 0x6983 -> throw new CkException(CKR.PIN_LOCKED, "the PIN is blocked");
            case 0x6982 -> throw new CkException(CKR.USER_NOT_LOGGED_IN, "the card wants its PIN");
            case 0x6A80 -> throw new CkException(CKR.KEY_FUNCTION_NOT_PERMITTED, "the card refused the operation for this key");
            case 0x6A88, 0x6A82 -> throw new CkException(CKR.KEY_HANDLE_INVALID, "the card has no such key");
            default -> throw new CkException(CKR.DEVICE_ERROR, String.format("the card answered SW %04X", sw));
        }
    }

    private static byte[] command(int cla, int ins, int p1, int p2, byte[] data, boolean expectData) {
        ByteArrayOutputStream c = new ByteArrayOutputStream(data.length + 6);
        c.write(cla);
        c.write(ins);
        c.write(p1);
        c.write(p2);
        if (data.length > 0) {
            c.write(data.length);
            c.writeBytes(data);
        }
        if (expectData) {
            c.write(0); // Le = 256
        }
        return c.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
