package org.p11plug.virtualpiv;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.SecretKeySpec;

/**
 * The PIV card edge (NIST SP 800-73-5 part 2) of the virtual card, command by command, over a
 * {@link CardState}; the applet around it does the APDU transport (chaining, GET RESPONSE).
 *
 * <p>The cryptography is the JVM's own (SecureRandom, SunEC, SunRsaSign, SunJCE), not
 * jCardSim's: jCardSim generates every key pair from a fixed seed and signs ECDSA with the
 * private key as nonce, which would give every slot and card the same key and give the key away
 * with one signature. So this applet runs in jCardSim only, not on a physical card.
 */
final class PivCardEdge {
    static final int ALG_3DES = 0x03;
    static final int ALG_RSA_2048 = 0x07;
    static final int ALG_AES_128 = 0x08;
    static final int ALG_AES_192 = 0x0A;
    static final int ALG_AES_256 = 0x0C;
    static final int ALG_ECC_P256 = 0x11;
    static final int ALG_ECC_P384 = 0x14;
    static final int SLOT_AUTHENTICATION = 0x9A;
    static final int SLOT_MANAGEMENT = 0x9B;
    static final int SLOT_SIGNATURE = 0x9C;
    static final int SLOT_KEY_MANAGEMENT = 0x9D;
    static final int SLOT_CARD_AUTHENTICATION = 0x9E;
    static final byte[] AID = {(byte) 0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00};

    static final int SW_OK = 0x9000;
    static final int SW_WRONG_LENGTH = 0x6700;
    static final int SW_SECURITY = 0x6982;
    static final int SW_BLOCKED = 0x6983;
    static final int SW_WRONG_DATA = 0x6A80;
    static final int SW_NOT_FOUND = 0x6A82;
    static final int SW_WRONG_P1P2 = 0x6A86;
    static final int SW_REFERENCE_NOT_FOUND = 0x6A88;
    static final int SW_INS_NOT_SUPPORTED = 0x6D00;

    /** A response: data (possibly empty) and the status word. */
    record Response(byte[] data, int sw) {
        static Response ok(byte[] data) {
            return new Response(data, SW_OK);
        }

        static Response status(int sw) {
            return new Response(new byte[0], sw);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final CardState state;
    private boolean pinVerified;
    /** Set by a PIN verification, consumed by one use of a PIN-always key (9C). */
    private boolean pinJustVerified;
    private boolean managementAuthenticated;
    private byte[] witness;
    private byte[] challenge;

    PivCardEdge(CardState state) {
        this.state = state;
    }

    CardState state() {
        return state;
    }

    /** Power off, reset, a new selection: the security status is lost. */
    void resetSecurity() {
        pinVerified = false;
        pinJustVerified = false;
        managementAuthenticated = false;
        witness = null;
        challenge = null;
    }

    /** The application property template SELECT answers. */
    static byte[] applicationPropertyTemplate() {
        return Tlv.of(0x61, Tlv.concat(
                Tlv.of(0x4F, new byte[] {0x00, 0x00, 0x10, 0x00, 0x01, 0x00}),
                Tlv.of(0x79, Tlv.of(0x4F, new byte[] {(byte) 0xA0, 0x00, 0x00, 0x03, 0x08})),
                Tlv.of(0x50, "p11plug virtual PIV".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
    }

    /** The discovery object: the PIV AID and a PIN usage policy of "PIV PIN only". */
    static byte[] discoveryObject() {
        return Tlv.of(0x7E, Tlv.concat(Tlv.of(0x4F, AID), Tlv.of(0x5F2F, new byte[] {0x40, 0x00})));
    }

    /**
     * The FASC-N of a card not issued by a federal agency (agency, system and credential all
     * 9999...): hosts such as OpenSC then take the card's identity from the GUID.
     */
    private static final byte[] NON_FEDERAL_FASCN = java.util.HexFormat.of()
            .parseHex("d4e739da739ced39ce739d836858210842108421c84210c3eb");

    /** A CHUID with a non-federal FASC-N, the card's GUID, an expiry date and an empty signature. */
    static byte[] chuid(byte[] guid) {
        byte[] fascn = NON_FEDERAL_FASCN.clone();
        return Tlv.of(0x53, Tlv.concat(Tlv.of(0x30, fascn), Tlv.of(0x34, guid),
                Tlv.of(0x35, "20991231".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                Tlv.of(0x3E, new byte[0]), Tlv.of(0xFE, new byte[0])));
    }

    Response process(int ins, int p1, int p2, byte[] data) {
        try {
            return switch (ins) {
                case 0xCB -> getData(p1, p2, data);
                case 0xDB -> putData(p1, p2, data);
                case 0x20 -> verify(p1, p2, data);
                case 0x24 -> changeReferenceData(p2, data);
                case 0x2C -> resetRetryCounter(p2, data);
                case 0x87 -> generalAuthenticate(p1, p2, data);
                case 0x47 -> generate(p2, data);
                case 0xFF -> setManagementKey(p1, p2, data);
                default -> Response.status(SW_INS_NOT_SUPPORTED);
            };
        } catch (IllegalArgumentException e) {
            return Response.status(SW_WRONG_DATA);
        }
    }

    // ---- data objects ----

    private Response getData(int p1, int p2, byte[] data) {
        if (p1 != 0x3F || p2 != 0xFF) {
            return Response.status(SW_WRONG_P1P2);
        }
        byte[] tag = Tlv.parse(data).get(0x5C);
        if (tag == null || tag.length == 0 || tag.length > 3) {
            return Response.status(SW_WRONG_DATA);
        }
        byte[] object = state.objects.get(tagValue(tag));
        return object == null ? Response.status(SW_NOT_FOUND) : Response.ok(object);
    }

    private Response putData(int p1, int p2, byte[] data) {
        if (p1 != 0x3F || p2 != 0xFF) {
            return Response.status(SW_WRONG_P1P2);
        }
        if (!managementAuthenticated) {
            return Response.status(SW_SECURITY);
        }
        int tag;
        byte[] object;
        if (data.length > 0 && (data[0] & 0xFF) == 0x7E) { // the discovery object comes bare
            tag = 0x7E;
            object = data.clone();
            Tlv.parse(object); // well formed
        } else {
            Map<Integer, byte[]> parts = Tlv.parse(data);
            byte[] tagBytes = parts.get(0x5C);
            byte[] content = parts.get(0x53);
            if (tagBytes == null || content == null) {
                return Response.status(SW_WRONG_DATA);
            }
            tag = tagValue(tagBytes);
            object = Tlv.of(0x53, content);
        }
        if (tag != 0x7E && (tag < 0x5FC101 || tag > 0x5FC123)) {
            return Response.status(SW_NOT_FOUND);
        }
        if (object.length == 2 && tag != 0x7E) { // an empty 53: the object is deleted, as on YubiKeys
            state.objects.remove(tag);
        } else {
            state.objects.put(tag, object);
        }
        state.save();
        return Response.status(SW_OK);
    }

    private static int tagValue(byte[] tag) {
        int v = 0;
        for (byte b : tag) {
            v = (v << 8) | (b & 0xFF);
        }
        return v;
    }

    // ---- PIN and PUK ----

    private Response verify(int p1, int p2, byte[] data) {
        if (p2 != 0x80) {
            return Response.status(SW_REFERENCE_NOT_FOUND);
        }
        if (p1 == 0xFF) {
            pinVerified = false;
            pinJustVerified = false;
            return Response.status(SW_OK);
        }
        if (p1 != 0x00) {
            return Response.status(SW_WRONG_P1P2);
        }
        if (data.length == 0) {
            if (state.pinTries == 0) {
                return Response.status(SW_BLOCKED);
            }
            return Response.status(pinVerified ? SW_OK : 0x63C0 | state.pinTries);
        }
        if (data.length != 8) {
            return Response.status(SW_WRONG_LENGTH);
        }
        Response r = check(data, true);
        pinVerified = r.sw() == SW_OK;
        pinJustVerified = pinVerified;
        return r;
    }

    private Response changeReferenceData(int p2, byte[] data) {
        if (p2 != 0x80 && p2 != 0x81) {
            return Response.status(SW_REFERENCE_NOT_FOUND);
        }
        if (data.length != 16) {
            return Response.status(SW_WRONG_LENGTH);
        }
        boolean pin = p2 == 0x80;
        byte[] fresh = Arrays.copyOfRange(data, 8, 16);
        if (!wellFormed(fresh)) {
            return Response.status(SW_WRONG_DATA);
        }
        Response r = check(Arrays.copyOfRange(data, 0, 8), pin);
        if (r.sw() == SW_OK) {
            if (pin) {
                state.pin = fresh;
            } else {
                state.puk = fresh;
            }
            state.save();
        }
        return r;
    }

    private Response resetRetryCounter(int p2, byte[] data) {
        if (p2 != 0x80) {
            return Response.status(SW_REFERENCE_NOT_FOUND);
        }
        if (data.length != 16) {
            return Response.status(SW_WRONG_LENGTH);
        }
        byte[] fresh = Arrays.copyOfRange(data, 8, 16);
        if (!wellFormed(fresh)) {
            return Response.status(SW_WRONG_DATA);
        }
        Response r = check(Arrays.copyOfRange(data, 0, 8), false);
        if (r.sw() == SW_OK) {
            state.pin = fresh;
            state.pinTries = CardState.MAX_TRIES;
            pinVerified = false;
            state.save();
        }
        return r;
    }

    /** Compares a PIN or PUK, counting a failure before it answers (a pulled card loses nothing). */
    private Response check(byte[] given, boolean pin) {
        int tries = pin ? state.pinTries : state.pukTries;
        if (tries == 0) {
            return Response.status(SW_BLOCKED);
        }
        boolean match = MessageDigest.isEqual(given, pin ? state.pin : state.puk);
        int left = match ? CardState.MAX_TRIES : tries - 1;
        if (pin) {
            state.pinTries = left;
        } else {
            state.pukTries = left;
        }
        state.save();
        if (match) {
            return Response.status(SW_OK);
        }
        return Response.status(left == 0 ? SW_BLOCKED : 0x63C0 | left);
    }

    /** 6 to 8 ASCII digits, padded with FF. */
    private static boolean wellFormed(byte[] pin) {
        int digits = 0;
        while (digits < 8 && pin[digits] >= '0' && pin[digits] <= '9') {
            digits++;
        }
        for (int i = digits; i < 8; i++) {
            if (pin[i] != (byte) 0xFF) {
                return false;
            }
        }
        return digits >= 6;
    }

    // ---- GENERAL AUTHENTICATE ----

    private Response generalAuthenticate(int algorithm, int slot, byte[] data) throws IllegalArgumentException {
        Map<Integer, byte[]> outer = Tlv.parse(data);
        byte[] template = outer.get(0x7C);
        if (template == null) {
            return Response.status(SW_WRONG_DATA);
        }
        Map<Integer, byte[]> items = Tlv.parse(template);
        if (slot == SLOT_MANAGEMENT) {
            return managementAuthentication(algorithm, items);
        }
        return privateKeyOperation(algorithm, slot, items);
    }

    private Response managementAuthentication(int algorithm, Map<Integer, byte[]> items) {
        if (algorithm != state.managementAlgorithm) {
            return Response.status(SW_WRONG_P1P2);
        }
        int block = algorithm == ALG_3DES ? 8 : 16;
        byte[] w = items.get(0x80);
        byte[] c = items.get(0x81);
        byte[] r = items.get(0x82);
        try {
            if (w != null && w.length == 0 && c == null) { // step 1 of mutual authentication: our witness
                witness = random(block);
                return Response.ok(Tlv.of(0x7C, Tlv.of(0x80, managementCipher(Cipher.ENCRYPT_MODE, witness))));
            }
            if (w != null && c != null && c.length == block) { // step 2: their decryption of it, their challenge
                boolean good = witness != null && MessageDigest.isEqual(w, witness);
                witness = null;
                if (!good) {
                    managementAuthenticated = false;
                    return Response.status(SW_SECURITY);
                }
                managementAuthenticated = true;
                return Response.ok(Tlv.of(0x7C, Tlv.of(0x82, managementCipher(Cipher.ENCRYPT_MODE, c))));
            }
            if (c != null && c.length == 0) { // external authentication: our challenge
                challenge = random(block);
                return Response.ok(Tlv.of(0x7C, Tlv.of(0x81, challenge)));
            }
            if (r != null) { // their encryption of our challenge
                boolean good = challenge != null && MessageDigest.isEqual(r, managementCipher(Cipher.ENCRYPT_MODE, challenge));
                challenge = null;
                managementAuthenticated = good;
                return Response.status(good ? SW_OK : SW_SECURITY);
            }
            return Response.status(SW_WRONG_DATA);
        } catch (GeneralSecurityException e) {
            return Response.status(SW_WRONG_DATA);
        }
    }

    /**
     * SET MANAGEMENT KEY, the Yubico extension the tools send ({@code yubico-piv-tool -a
     * set-mgm-key}): P1 P2 = FF FF (or FF FE for touch, ignored), data = algorithm, 9B, key
     * length, key. 3DES (24 bytes) or AES-128/192/256; needs the current key authenticated.
     */
    private Response setManagementKey(int p1, int p2, byte[] data) {
        if (p1 != 0xFF || (p2 != 0xFF && p2 != 0xFE)) {
            return Response.status(SW_WRONG_P1P2);
        }
        if (!managementAuthenticated) {
            return Response.status(SW_SECURITY);
        }
        if (data.length < 3 || (data[1] & 0xFF) != SLOT_MANAGEMENT || (data[2] & 0xFF) != data.length - 3) {
            return Response.status(SW_WRONG_DATA);
        }
        int algorithm = data[0] & 0xFF;
        int expected = switch (algorithm) {
            case ALG_3DES -> 24;
            case ALG_AES_128 -> 16;
            case ALG_AES_192 -> 24;
            case ALG_AES_256 -> 32;
            default -> -1;
        };
        if (expected != data.length - 3) {
            return Response.status(SW_WRONG_DATA);
        }
        state.managementAlgorithm = algorithm;
        state.managementKey = Arrays.copyOfRange(data, 3, data.length);
        managementAuthenticated = false;
        state.save();
        return Response.status(SW_OK);
    }

    private byte[] managementCipher(int mode, byte[] block) throws GeneralSecurityException {
        boolean des = state.managementAlgorithm == ALG_3DES;
        Cipher cipher = Cipher.getInstance(des ? "DESede/ECB/NoPadding" : "AES/ECB/NoPadding");
        cipher.init(mode, new SecretKeySpec(state.managementKey, des ? "DESede" : "AES"));
        return cipher.doFinal(block);
    }

    private Response privateKeyOperation(int algorithm, int slot, Map<Integer, byte[]> items) {
        if (!isKeySlot(slot)) {
            return Response.status(SW_REFERENCE_NOT_FOUND);
        }
        CardState.SlotKey key = state.keys.get(slot);
        if (key == null) {
            return Response.status(SW_REFERENCE_NOT_FOUND);
        }
        if (key.algorithm() != algorithm) {
            return Response.status(SW_WRONG_P1P2);
        }
        if (!pinSatisfied(slot)) {
            return Response.status(SW_SECURITY);
        }
        byte[] response = items.get(0x82);
        if (response == null || response.length != 0) {
            return Response.status(SW_WRONG_DATA);
        }
        byte[] challengeData = items.get(0x81);
        byte[] peer = items.get(0x85);
        boolean keyManagement = slot == SLOT_KEY_MANAGEMENT || (slot >= 0x82 && slot <= 0x95);
        try {
            PrivateKey privateKey = KeyFactory.getInstance(algorithm == ALG_RSA_2048 ? "RSA" : "EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(key.pkcs8()));
            byte[] result;
            if (challengeData != null && algorithm == ALG_RSA_2048) {
                // raw RSA: a signature block already padded, or a key-transport block to decrypt
                int modulusBytes = (((RSAPrivateKey) privateKey).getModulus().bitLength() + 7) / 8;
                if (challengeData.length != modulusBytes) {
                    return Response.status(SW_WRONG_DATA);
                }
                Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
                raw.init(Cipher.DECRYPT_MODE, privateKey);
                result = leftPad(raw.doFinal(challengeData), modulusBytes);
            } else if (challengeData != null && !keyManagement) {
                // ECDSA over the hash the host sent, with a random nonce from the JDK
                Signature ecdsa = Signature.getInstance("NONEwithECDSA");
                ecdsa.initSign(privateKey, RANDOM);
                ecdsa.update(challengeData);
                result = ecdsa.sign();
            } else if (peer != null && keyManagement && algorithm != ALG_RSA_2048) {
                ECPrivateKey ec = (ECPrivateKey) privateKey;
                int field = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
                if (peer.length != 1 + 2 * field || peer[0] != 0x04) {
                    return Response.status(SW_WRONG_DATA);
                }
                ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(peer, 1, 1 + field)),
                        new BigInteger(1, Arrays.copyOfRange(peer, 1 + field, peer.length)));
                PublicKey other = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, ec.getParams()));
                KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
                ecdh.init(privateKey);
                ecdh.doPhase(other, true);
                result = ecdh.generateSecret();
            } else {
                return Response.status(SW_WRONG_DATA); // ECDSA on a key-management key, ECDH on a signing key
            }
            if (slot == SLOT_SIGNATURE) {
                pinJustVerified = false; // PIN always: the next use needs a new VERIFY
            }
            return Response.ok(Tlv.of(0x7C, Tlv.of(0x82, result)));
        } catch (GeneralSecurityException e) {
            return Response.status(SW_WRONG_DATA);
        }
    }

    /** 9E needs no PIN, 9C needs a VERIFY just before each use, the others a verified PIN. */
    private boolean pinSatisfied(int slot) {
        if (slot == SLOT_CARD_AUTHENTICATION) {
            return true;
        }
        return slot == SLOT_SIGNATURE ? pinJustVerified : pinVerified;
    }

    private static boolean isKeySlot(int slot) {
        return slot == SLOT_AUTHENTICATION || slot == SLOT_SIGNATURE || slot == SLOT_KEY_MANAGEMENT
                || slot == SLOT_CARD_AUTHENTICATION || (slot >= 0x82 && slot <= 0x95);
    }

    // ---- key generation ----

    private Response generate(int slot, byte[] data) {
        if (!isKeySlot(slot)) {
            return Response.status(SW_WRONG_P1P2);
        }
        if (!managementAuthenticated) {
            return Response.status(SW_SECURITY);
        }
        byte[] control = Tlv.parse(data).get(0xAC);
        byte[] algorithmBytes = control == null ? null : Tlv.parse(control).get(0x80);
        if (algorithmBytes == null || algorithmBytes.length != 1) {
            return Response.status(SW_WRONG_DATA);
        }
        int algorithm = algorithmBytes[0] & 0xFF;
        try {
            KeyPair pair;
            byte[] reply;
            if (algorithm == ALG_RSA_2048) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048, RANDOM);
                pair = g.generateKeyPair();
                RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
                reply = Tlv.of(0x7F49, Tlv.concat(Tlv.of(0x81, unsigned(pub.getModulus(), 256)),
                        Tlv.of(0x82, pub.getPublicExponent().toByteArray())));
            } else if (algorithm == ALG_ECC_P256 || algorithm == ALG_ECC_P384) {
                int field = algorithm == ALG_ECC_P256 ? 32 : 48;
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(algorithm == ALG_ECC_P256 ? "secp256r1" : "secp384r1"), RANDOM);
                pair = g.generateKeyPair();
                ECPoint w = ((ECPublicKey) pair.getPublic()).getW();
                reply = Tlv.of(0x7F49, Tlv.of(0x86, Tlv.concat(new byte[] {0x04},
                        unsigned(w.getAffineX(), field), unsigned(w.getAffineY(), field))));
            } else {
                return Response.status(SW_WRONG_DATA);
            }
            state.keys.put(slot, new CardState.SlotKey(algorithm, pair.getPrivate().getEncoded(), pair.getPublic().getEncoded()));
            state.save();
            return Response.ok(reply);
        } catch (GeneralSecurityException e) {
            return Response.status(SW_WRONG_DATA);
        }
    }

    /** The public key of a slot, for tests and tools that read what the card made. */
    PublicKey publicKey(int slot) throws GeneralSecurityException {
        CardState.SlotKey key = state.keys.get(slot);
        if (key == null) {
            throw new IllegalArgumentException("no key in slot " + Integer.toHexString(slot));
        }
        return KeyFactory.getInstance(key.algorithm() == ALG_RSA_2048 ? "RSA" : "EC")
                .generatePublic(new X509EncodedKeySpec(key.spki()));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static byte[] unsigned(BigInteger v, int length) {
        return leftPad(v.toByteArray(), length);
    }

    private static byte[] leftPad(byte[] b, int length) {
        if (b.length == length) {
            return b;
        }
        if (b.length > length) { // a sign byte
            return Arrays.copyOfRange(b, b.length - length, b.length);
        }
        byte[] out = new byte[length];
        System.arraycopy(b, 0, out, length - b.length, b.length);
        return out;
    }
}
