package org.p11plug.virtualpiv;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The applet in jCardSim, APDU by APDU: the card edge the tools rely on (piv.md). */
class PivAppletTest {
    private final VirtualPivCard card = VirtualPivCard.inMemory();
    private final PivClient host = new PivClient(card::transmit);

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        card.close();
    }

    @Test
    void selectAnswersTheApplicationPropertyTemplateForTheAidAndItsPrefixes() {
        byte[] apt = host.select(PivClient.PIV_AID).expect(0x9000).data();
        assertThat(apt[0], is((byte) 0x61));
        assertThat(Tlv.parse(Tlv.parse(apt).get(0x61)).get(0x4F), is(HexFormat.of().parseHex("000010000100")));
        assertThat("a foreign AID while PIV is selected", host.select(HexFormat.of().parseHex("a0000005272101")).sw(), is(0x6A82));
        card.reset();
        assertThat("the 9-byte prefix OpenSC sends", host.select(HexFormat.of().parseHex("a00000030800001000")).sw(), is(0x9000));
        card.reset();
        assertThat("the 5-byte RID yubico-piv-tool sends", host.select(HexFormat.of().parseHex("a000000308")).sw(), is(0x9000));
    }

    @Test
    void dataObjectsNeedTheManagementKeyToBeWritten() throws Exception {
        host.select(PivClient.PIV_AID);
        assertThat(host.send(0xCB, 0x3F, 0xFF, HexFormat.of().parseHex("5c017e")).expect(0x9000).data()[0], is((byte) 0x7E));
        byte[] chuid = host.send(0xCB, 0x3F, 0xFF, HexFormat.of().parseHex("5c035fc102")).expect(0x9000).data();
        assertThat(Tlv.parse(Tlv.parse(chuid).get(0x53)).get(0x34).length, is(16));
        assertThat("no certificate yet", host.send(0xCB, 0x3F, 0xFF, HexFormat.of().parseHex("5c035fc105")).sw(), is(0x6A82));

        byte[] certificate = new byte[1200]; // longer than one APDU both ways
        Arrays.fill(certificate, (byte) 0x42);
        byte[] put = Tlv.concat(Tlv.of(0x5C, HexFormat.of().parseHex("5fc105")),
                Tlv.of(0x53, Tlv.concat(Tlv.of(0x70, certificate), Tlv.of(0x71, new byte[] {0}), Tlv.of(0xFE, new byte[0]))));
        assertThat(host.send(0xDB, 0x3F, 0xFF, put).sw(), is(0x6982));
        host.authenticate();
        host.send(0xDB, 0x3F, 0xFF, put).expect(0x9000);
        byte[] read = host.send(0xCB, 0x3F, 0xFF, HexFormat.of().parseHex("5c035fc105")).expect(0x9000).data();
        assertThat(Tlv.parse(Tlv.parse(read).get(0x53)).get(0x70), is(certificate));
    }

    @Test
    void theManagementKeyCanBecomeAnAesKey() throws Exception {
        host.select(PivClient.PIV_AID);
        byte[] aes = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] set = Tlv.concat(new byte[] {0x0C, (byte) 0x9B, 32}, aes);
        assertThat("needs the current key", host.send(0xFF, 0xFF, 0xFF, set).sw(), is(0x6982));
        host.authenticate();
        host.send(0xFF, 0xFF, 0xFF, set).expect(0x9000);
        assertThat("the 3DES key is gone", host.send(0x87, 0x03, 0x9B, Tlv.of(0x7C, Tlv.of(0x80, new byte[0]))).sw(),
                is(0x6A86));
        host.authenticate(0x0C, aes); // 16-byte witness and challenge
        host.generate(0x9A, 0x11).expect(0x9000);
        byte[] wrong = aes.clone();
        wrong[0] ^= 1;
        card.reset();
        host.select(PivClient.PIV_AID);
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> host.authenticate(0x0C, wrong));
        assertThat("a failed authentication leaves the card locked", host.generate(0x9A, 0x11).sw(), is(0x6982));
    }

    @Test
    void thePinCountsDownBlocksAndIsResetWithThePuk() {
        host.select(PivClient.PIV_AID);
        assertThat("status before any VERIFY", host.verify(null).sw(), is(0x63C3));
        assertThat(host.verify("654321").sw(), is(0x63C2));
        host.verify("123456").expect(0x9000);
        assertThat("status after VERIFY", host.verify(null).sw(), is(0x9000));
        host.verify("000000");
        host.verify("000000");
        assertThat(host.verify("000000").sw(), is(0x6983));
        assertThat("blocked: even the right PIN", host.verify("123456").sw(), is(0x6983));
        byte[] unblock = new byte[16];
        System.arraycopy(CardState.pad("12345678"), 0, unblock, 0, 8);
        System.arraycopy(CardState.pad("24681357"), 0, unblock, 8, 8);
        host.send(0x2C, 0x00, 0x80, unblock).expect(0x9000);
        host.verify("24681357").expect(0x9000);
        byte[] change = new byte[16];
        System.arraycopy(CardState.pad("24681357"), 0, change, 0, 8);
        System.arraycopy(CardState.pad("1234567"), 0, change, 8, 8);
        host.send(0x24, 0x00, 0x80, change).expect(0x9000);
        host.verify("1234567").expect(0x9000);
        System.arraycopy(CardState.pad("1234567"), 0, change, 0, 8);
        System.arraycopy(CardState.pad("12a45"), 0, change, 8, 8);
        assertThat("a new PIN must be 6 to 8 digits", host.send(0x24, 0x00, 0x80, change).sw(), is(0x6A80));
    }

    @Test
    void generatedKeysAreRandomAndInTheLayoutsTheToolsParse() throws Exception {
        host.select(PivClient.PIV_AID);
        assertThat("generation needs the management key", host.generate(0x9A, 0x11).sw(), is(0x6982));
        host.authenticate();
        byte[] ec = host.generate(0x9A, 0x11).expect(0x9000).data();
        assertThat(Arrays.copyOf(ec, 6), is(HexFormat.of().parseHex("7f4943864104")));
        byte[] ec2 = host.generate(0x9E, 0x11).expect(0x9000).data();
        assertThat("two slots, two keys", ec2, not(is(ec)));
        byte[] p384 = host.generate(0x82, 0x14).expect(0x9000).data();
        assertThat(Arrays.copyOf(p384, 6), is(HexFormat.of().parseHex("7f4963866104")));
        byte[] rsa = host.generate(0x9C, 0x07).expect(0x9000).data(); // 265 bytes: 61xx and GET RESPONSE
        assertThat(Arrays.copyOf(rsa, 9), is(HexFormat.of().parseHex("7f49820109818201 00".replace(" ", ""))));
        assertThat(Arrays.copyOfRange(rsa, rsa.length - 5, rsa.length), is(HexFormat.of().parseHex("8203010001")));
        assertThat(((RSAPublicKey) card.publicKey(0x9C)).getModulus(),
                is(new BigInteger(1, Arrays.copyOfRange(rsa, 9, 9 + 256))));

        try (VirtualPivCard other = VirtualPivCard.inMemory()) {
            PivClient h = new PivClient(other::transmit);
            h.select(PivClient.PIV_AID);
            h.authenticate();
            assertThat("another card, another key", h.generate(0x9A, 0x11).expect(0x9000).data(), not(is(ec)));
        }
    }

    @Test
    void ecdsaSignaturesVerifyAndUseFreshNonces() throws Exception {
        host.select(PivClient.PIV_AID);
        host.authenticate();
        host.generate(0x9A, 0x11).expect(0x9000);
        byte[] hash = MessageDigest.getInstance("SHA-256").digest("to be signed".getBytes());
        assertThat("the authentication key needs the PIN", host.privateKey(0x11, 0x9A, 0x81, hash).sw(), is(0x6982));
        host.verify("123456").expect(0x9000);
        byte[] first = host.privateKey(0x11, 0x9A, 0x81, hash).expect(0x9000).data();
        byte[] second = host.privateKey(0x11, 0x9A, 0x81, hash).expect(0x9000).data();
        assertThat("a random nonce each time", second, not(is(first)));
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(card.publicKey(0x9A));
        v.update("to be signed".getBytes());
        assertThat(v.verify(first), is(true));
    }

    @Test
    void theSignatureKeyWantsThePinBeforeEachUse() throws Exception {
        host.select(PivClient.PIV_AID);
        host.authenticate();
        host.generate(0x9C, 0x11).expect(0x9000);
        host.generate(0x9E, 0x11).expect(0x9000);
        byte[] hash = new byte[32];
        assertThat("card authentication needs no PIN", host.privateKey(0x11, 0x9E, 0x81, hash).sw(), is(0x9000));
        host.verify("123456").expect(0x9000);
        host.privateKey(0x11, 0x9C, 0x81, hash).expect(0x9000);
        assertThat("PIN always", host.privateKey(0x11, 0x9C, 0x81, hash).sw(), is(0x6982));
        host.verify("123456").expect(0x9000);
        host.privateKey(0x11, 0x9C, 0x81, hash).expect(0x9000);
    }

    @Test
    void rawRsaSignsAChainedBlockAndDecrypts() throws Exception {
        host.select(PivClient.PIV_AID);
        host.authenticate();
        host.generate(0x9D, 0x07).expect(0x9000);
        host.verify("123456").expect(0x9000);
        PublicKey pub = card.publicKey(0x9D);
        Cipher encrypt = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        encrypt.init(Cipher.ENCRYPT_MODE, pub);
        byte[] block = encrypt.doFinal("session key".getBytes());
        byte[] decrypted = host.privateKey(0x07, 0x9D, 0x81, block).expect(0x9000).data(); // 266 bytes in: chained
        byte[] expectedTail = "session key".getBytes();
        assertThat(Arrays.copyOfRange(decrypted, decrypted.length - expectedTail.length, decrypted.length), is(expectedTail));
        assertThat(decrypted[0], is((byte) 0));
        assertThat(decrypted[1], is((byte) 2));
    }

    @Test
    void ecdhOnlyOnKeyManagementKeys() throws Exception {
        host.select(PivClient.PIV_AID);
        host.authenticate();
        host.generate(0x9D, 0x11).expect(0x9000);
        host.generate(0x9A, 0x11).expect(0x9000);
        host.verify("123456").expect(0x9000);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair peer = g.generateKeyPair();
        ECPublicKey p = (ECPublicKey) peer.getPublic();
        byte[] point = Tlv.concat(new byte[] {4}, PivCardEdge.unsigned(p.getW().getAffineX(), 32),
                PivCardEdge.unsigned(p.getW().getAffineY(), 32));
        byte[] shared = host.privateKey(0x11, 0x9D, 0x85, point).expect(0x9000).data();
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(peer.getPrivate());
        ka.doPhase(card.publicKey(0x9D), true);
        assertThat(shared, is(ka.generateSecret()));
        assertThat("no ECDH with a signing key", host.privateKey(0x11, 0x9A, 0x85, point).sw(), is(0x6A80));
        assertThat("no ECDSA with a key-management key", host.privateKey(0x11, 0x9D, 0x81, new byte[32]).sw(), is(0x6A80));
    }

    @Test
    void aPersistentCardKeepsItsKeysAndCounters() throws Exception {
        Path file = dir.resolve("card.bin");
        byte[] key;
        try (VirtualPivCard first = VirtualPivCard.persistentIn(file)) {
            PivClient h = new PivClient(first::transmit);
            h.select(PivClient.PIV_AID);
            h.authenticate();
            key = h.generate(0x9A, 0x11).expect(0x9000).data();
            h.verify("999999");
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), is("rw-------"));
        try (VirtualPivCard again = VirtualPivCard.persistentIn(file)) {
            PivClient h = new PivClient(again::transmit);
            h.select(PivClient.PIV_AID);
            assertThat("the failed VERIFY was kept", h.verify(null).sw(), is(0x63C2));
            ECPublicKey pub = (ECPublicKey) again.publicKey(0x9A);
            assertThat(PivCardEdge.unsigned(pub.getW().getAffineX(), 32), is(Arrays.copyOfRange(key, 6, 38)));
        }
    }
}
