package org.p11plug.card.pcsc.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.p11plug.api.Attribute;
import org.p11plug.api.CkException;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.Mechanism;
import org.p11plug.api.TokenInfo;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKD;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.param.Ecdh1DeriveParameter;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.engine.StandaloneEngine;
import org.p11plug.store.heap.internal.HeapSessionObjectStore;
import org.p11plug.virtualpiv.Pcscd;
import org.p11plug.virtualpiv.PivClient;
import org.p11plug.virtualpiv.VirtualPivCard;
import org.p11plug.virtualpiv.VpcdConnection;

/**
 * The PC/SC backend against the virtual PIV card behind a real pcscd: the reader becomes a slot,
 * the card a token with the serial of its CHUID and the label of its authentication
 * certificate, the PIV PIN logs in, certificates and keys are token objects, and the keys sign
 * and agree on the card. Pulling the card takes the token away; inserting it brings it back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PcscBackendTest {
    private static final byte[] PIN = "123456".getBytes(StandardCharsets.US_ASCII);
    private Pcscd pcscd;
    private VirtualPivCard card;
    private VpcdConnection inserted;
    private PcscBackend backend;
    private StandaloneEngine engine;
    private Pkcs11 p11;
    private long slot;
    private final byte[] message = "signed on a card through pcscd".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    void start() throws Exception {
        Optional<String> unavailable = Pcscd.unavailable();
        if (unavailable.isPresent()) {
            Assertions.assertFalse("1".equals(System.getenv("P11PLUG_REQUIRE_PCSC")), unavailable.get());
            Assumptions.abort(unavailable.get());
        }
        pcscd = Pcscd.start(Files.createDirectories(Path.of("target", "pcsc").toAbsolutePath()), 40011);
        card = VirtualPivCard.inMemory();
        TestCards.provision(card);
        inserted = VpcdConnection.insert(card, "127.0.0.1", pcscd.port());
        backend = new PcscBackend(100, 200);
        engine = new StandaloneEngine().bindStore(new HeapSessionObjectStore()).addBackend(backend);
        CryptokiService service = engine.service("pcsc test");
        p11 = service.raw();
        slot = awaitToken(true);
    }

    @AfterAll
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
            engine.removeBackend(backend);
        }
        if (backend != null) {
            backend.close();
        }
        if (inserted != null) {
            inserted.close();
        }
        if (pcscd != null) {
            pcscd.close();
        }
    }

    @Test
    @Order(1)
    void theReaderIsASlotAndTheCardAToken() {
        TokenInfo info = p11.getTokenInfo(slot);
        assertThat(info.label(), is("p11plug virtual 9a"));
        assertThat(info.serialNumber(), matchesPattern("[0-9a-f]{16}"));
        assertThat(info.hasFlag(CKF.LOGIN_REQUIRED), is(true));
        assertThat(info.minPinLen(), is(6L));
        assertThat(info.maxPinLen(), is(8L));
        assertThat(p11.getSlotInfo(slot).slotDescription().startsWith(Pcscd.READER), is(true));
    }

    @Test
    @Order(2)
    void thePivPinLogsInAndItsCounterShows() {
        long s = p11.openSession(slot, CKF.SERIAL_SESSION);
        CkException wrong = assertThrows(CkException.class, () -> p11.login(s, CKU.USER, "654321".getBytes()));
        assertThat(CkException.name(wrong.ckr()), is(CkException.name(CKR.PIN_INCORRECT)));
        assertThat(p11.getTokenInfo(slot).hasFlag(CKF.USER_PIN_COUNT_LOW), is(true));
        p11.login(s, CKU.USER, PIN.clone());
        assertThat(p11.getTokenInfo(slot).hasFlag(CKF.USER_PIN_COUNT_LOW), is(false));
        p11.closeSession(s);
    }

    @Test
    @Order(3)
    void certificatesAndKeysAreTokenObjects() {
        long s = p11.openSession(slot, CKF.SERIAL_SESSION);
        assertThat(find(s, RawAttribute.ofLong(CKA.CLASS, CKO.CERTIFICATE)).length, is(3));
        assertThat("private keys before login", find(s, RawAttribute.ofLong(CKA.CLASS, CKO.PRIVATE_KEY)).length, is(0));
        p11.login(s, CKU.USER, PIN.clone());
        assertThat(find(s, RawAttribute.ofLong(CKA.CLASS, CKO.PRIVATE_KEY)).length, is(3));
        long key9c = key(s, 2);
        assertThat(p11.getAttributeValue(s, key9c, new org.p11plug.api.raw.AttributeRequest[] {
            org.p11plug.api.raw.AttributeRequest.of(CKA.ALWAYS_AUTHENTICATE)}).results().get(0).value()[0], is((byte) 1));
        p11.closeSession(s);
    }

    @Test
    @Order(4)
    void keysSignAndAgreeOnTheCard() throws Exception {
        long s = p11.openSession(slot, CKF.SERIAL_SESSION);
        p11.login(s, CKU.USER, PIN.clone());

        p11.signInit(s, Mechanism.of(CKM.ECDSA_SHA256), key(s, 1));
        byte[] ecdsa = p11.sign(s, message, Long.MAX_VALUE).data();
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(card.publicKey(0x9A));
        v.update(message);
        assertThat(v.verify(ecdsa), is(true));

        p11.signInit(s, Mechanism.of(CKM.SHA256_RSA_PKCS), key(s, 2));
        p11.login(s, CKU.CONTEXT_SPECIFIC, PIN.clone()); // 9C: the PIN before every signature
        byte[] rsa = p11.sign(s, message, Long.MAX_VALUE).data();
        Signature r = Signature.getInstance("SHA256withRSA");
        r.initVerify(card.publicKey(0x9C));
        r.update(message);
        assertThat(r.verify(rsa), is(true));

        assertEcdhOnTheCardAgreesWithTheJdk(s, "the 9D key agrees on the card");
        p11.closeSession(s);
    }

    @Test
    @Order(5)
    void pullingTheCardTakesTheTokenAwayAndInsertingBringsItBack() throws Exception {
        long s = p11.openSession(slot, CKF.SERIAL_SESSION);
        p11.login(s, CKU.USER, PIN.clone());
        inserted.close();
        awaitToken(false);
        CkException gone = assertThrows(CkException.class, () -> p11.getSessionInfo(s));
        assertThat(List.of(CkException.name(CKR.SESSION_HANDLE_INVALID), CkException.name(CKR.DEVICE_REMOVED),
                CkException.name(CKR.SESSION_CLOSED)).contains(CkException.name(gone.ckr())), is(true));

        inserted = VpcdConnection.insert(card, "127.0.0.1", pcscd.port());
        assertThat("the same reader, the same slot id", awaitToken(true), is(slot));
        long again = p11.openSession(slot, CKF.SERIAL_SESSION);
        p11.login(again, CKU.USER, PIN.clone());
        assertThat(find(again, RawAttribute.ofLong(CKA.CLASS, CKO.PRIVATE_KEY)).length, is(3));
        p11.closeSession(again);
    }

    @Test
    @Order(6)
    void keysGeneratedThroughTheEngineLiveOnTheCardAndTheToolsSeeThem() throws Exception {
        long s = p11.openSession(slot, CKF.SERIAL_SESSION | CKF.RW_SESSION);
        p11.login(s, CKU.USER, PIN.clone());
        long[] pair = p11.generateKeyPair(s, Mechanism.of(CKM.EC_KEY_PAIR_GEN),
                new RawAttribute[] {RawAttribute.of(CKA.EC_PARAMS, HexFormat.of().parseHex("06082a8648ce3d030107")),
                    RawAttribute.ofBoolean(CKA.TOKEN, true), RawAttribute.of(CKA.ID, new byte[] {4})},
                new RawAttribute[] {RawAttribute.ofBoolean(CKA.TOKEN, true), RawAttribute.of(CKA.ID, new byte[] {4}),
                    RawAttribute.ofBoolean(CKA.SIGN, true)});
        p11.signInit(s, Mechanism.of(CKM.ECDSA_SHA256), pair[1]);
        byte[] signature = p11.sign(s, message, Long.MAX_VALUE).data();
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(card.publicKey(0x9E));
        v.update(message);
        assertThat("signed by the key the card generated in 9E", v.verify(signature), is(true));
        p11.closeSession(s);

        // yubico-piv-tool reads the placeholder certificate that keeps the public key (and resets the card when it leaves)
        String status = tool("yubico-piv-tool", "-r", Pcscd.READER, "-a", "status");
        assertThat(status, org.hamcrest.Matchers.containsString("CN=p11plug placeholder for slot 9E"));
    }

    @Test
    @Order(7)
    void certificatesAreImportedAndRemovedAndTheToolsAgree() throws Exception {
        long s = p11.openSession(slot, CKF.SERIAL_SESSION | CKF.RW_SESSION);
        p11.login(s, CKU.USER, PIN.clone());
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] der = TestCards.certificate(g.generateKeyPair(), card.publicKey(0x9E), "p11plug imported 9e");
        java.security.cert.X509Certificate x509 = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                .getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
        long cert = p11.createObject(s, new RawAttribute[] {RawAttribute.ofLong(CKA.CLASS, CKO.CERTIFICATE),
            RawAttribute.ofLong(CKA.CERTIFICATE_TYPE, org.p11plug.api.ck.CKC.X_509), RawAttribute.ofBoolean(CKA.TOKEN, true),
            RawAttribute.of(CKA.ID, new byte[] {4}), RawAttribute.of(CKA.VALUE, der),
            RawAttribute.of(CKA.SUBJECT, x509.getSubjectX500Principal().getEncoded())});
        assertThat(tool("yubico-piv-tool", "-r", Pcscd.READER, "-a", "status"),
                org.hamcrest.Matchers.containsString("CN=p11plug imported 9e"));
        // the tool reset the card: the next write renews the connection by itself (management key, no PIN)
        assertThat(tool("pkcs11-tool", "--module", Pcscd.OPENSC_MODULE.toString(), "-O"),
                org.hamcrest.Matchers.containsString("Certificate for Card Authentication"));

        p11.destroyObject(s, cert);
        assertThat(tool("yubico-piv-tool", "-r", Pcscd.READER, "-a", "status"),
                org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Slot 9e")));
        p11.closeSession(s);
    }

    @Test
    @Order(8)
    void aPrivateKeyCannotBeImported() {
        long s = p11.openSession(slot, CKF.SERIAL_SESSION | CKF.RW_SESSION);
        p11.login(s, CKU.USER, PIN.clone());
        CkException refused = assertThrows(CkException.class, () -> p11.createObject(s, new RawAttribute[] {
            RawAttribute.ofLong(CKA.CLASS, CKO.PRIVATE_KEY), RawAttribute.ofLong(CKA.KEY_TYPE, CKK.EC),
            RawAttribute.ofBoolean(CKA.TOKEN, true), RawAttribute.of(CKA.ID, new byte[] {3}),
            RawAttribute.of(CKA.EC_PARAMS, HexFormat.of().parseHex("06082a8648ce3d030107")),
            RawAttribute.of(CKA.VALUE, HexFormat.of().parseHex("00000000000000000000000000000000000000000000000000000000000000f1"))}));
        assertThat(CkException.name(refused.ckr()), is(CkException.name(CKR.TEMPLATE_INCONSISTENT)));
        p11.closeSession(s);
    }

    @Test
    @Order(9)
    void theSoIsThePukAndResetsABlockedPin() {
        long s = p11.openSession(slot, CKF.SERIAL_SESSION | CKF.RW_SESSION);
        for (int i = 0; i < 3; i++) {
            assertThrows(CkException.class, () -> p11.login(s, CKU.USER, "999999".getBytes(StandardCharsets.US_ASCII)));
        }
        assertThat(p11.getTokenInfo(slot).hasFlag(CKF.USER_PIN_LOCKED), is(true));
        CkException locked = assertThrows(CkException.class, () -> p11.login(s, CKU.USER, PIN.clone()));
        assertThat(CkException.name(locked.ckr()), is(CkException.name(CKR.PIN_LOCKED)));

        p11.login(s, CKU.SO, "87654321".getBytes(StandardCharsets.US_ASCII)); // a wrong PUK shows at C_InitPIN
        CkException wrongPuk = assertThrows(CkException.class, () -> p11.initPin(s, "24681357".getBytes(StandardCharsets.US_ASCII)));
        assertThat(CkException.name(wrongPuk.ckr()), is(CkException.name(CKR.PIN_INCORRECT)));
        p11.logout(s);
        p11.login(s, CKU.SO, "12345678".getBytes(StandardCharsets.US_ASCII));
        p11.initPin(s, "24681357".getBytes(StandardCharsets.US_ASCII));
        p11.logout(s);
        assertThat(p11.getTokenInfo(slot).hasFlag(CKF.USER_PIN_LOCKED), is(false));
        p11.login(s, CKU.USER, "24681357".getBytes(StandardCharsets.US_ASCII));
        p11.setPin(s, "24681357".getBytes(StandardCharsets.US_ASCII), PIN.clone());
        p11.logout(s);
        p11.login(s, CKU.USER, PIN.clone());
        p11.closeSession(s);
    }

    @Test
    @Order(10)
    void whatYubicoPivToolWritesTheEngineUses() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "yubico-writes").toAbsolutePath());
        toolIn(dir, "openssl", "req", "-new", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=yubico test CA", "-days", "2");
        toolIn(dir, "yubico-piv-tool", "-r", Pcscd.READER, "-a", "generate", "-s", "9d", "-A", "ECCP256", "-o", "pub9d.pem");
        toolIn(dir, "openssl", "x509", "-new", "-force_pubkey", "pub9d.pem", "-subj", "/CN=yubico wrote 9d",
                "-CA", "ca.pem", "-CAkey", "ca.key", "-days", "2", "-out", "cert9d.pem");
        toolIn(dir, "openssl", "x509", "-in", "cert9d.pem", "-outform", "der", "-out", "cert9d.der");
        toolIn(dir, "yubico-piv-tool", "-r", Pcscd.READER, "-a", "import-certificate", "-s", "9d", "-i", "cert9d.pem");
        byte[] expected = Files.readAllBytes(dir.resolve("cert9d.der"));

        p11.getTokenInfo(slot); // any command: the card was reset by the tool, so the driver re-reads it
        long s = p11.openSession(slot, CKF.SERIAL_SESSION);
        long deadline = System.nanoTime() + 5_000_000_000L;
        byte[] seen = null;
        while (System.nanoTime() < deadline) {
            long[] certs = find(s, RawAttribute.ofLong(CKA.CLASS, CKO.CERTIFICATE), RawAttribute.of(CKA.ID, new byte[] {3}));
            seen = certs.length == 1 ? p11.getAttributeValue(s, certs[0], new org.p11plug.api.raw.AttributeRequest[] {
                org.p11plug.api.raw.AttributeRequest.of(CKA.VALUE)}).results().get(0).value() : null;
            if (java.util.Arrays.equals(seen, expected)) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat("the certificate yubico-piv-tool imported", seen, is(expected));

        p11.login(s, CKU.USER, PIN.clone());
        assertEcdhOnTheCardAgreesWithTheJdk(s, "the key yubico-piv-tool generated agrees on the card");
        p11.closeSession(s);
    }

    /** ECDH with the card's 9D key (CKA_ID 03) and a fresh JDK peer: the card's secret is the JDK's. */
    private void assertEcdhOnTheCardAgreesWithTheJdk(long s, String reason) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair peer = g.generateKeyPair();
        ECPublicKey q = (ECPublicKey) peer.getPublic();
        byte[] point = TestCards.concat(new byte[] {4}, fixed(q.getW().getAffineX()), fixed(q.getW().getAffineY()));
        long derived = p11.deriveKey(s, Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.NULL, null, point)),
                key(s, 3), new RawAttribute[] {RawAttribute.ofLong(CKA.CLASS, CKO.SECRET_KEY),
                    RawAttribute.ofLong(CKA.KEY_TYPE, CKK.GENERIC_SECRET), RawAttribute.ofBoolean(CKA.SENSITIVE, false),
                    RawAttribute.ofBoolean(CKA.EXTRACTABLE, true), RawAttribute.ofBoolean(CKA.TOKEN, false)});
        KeyAgreement a = KeyAgreement.getInstance("ECDH");
        a.init(peer.getPrivate());
        a.doPhase(card.publicKey(0x9D), true);
        assertThat(reason, p11.getAttributeValue(s, derived, new org.p11plug.api.raw.AttributeRequest[] {
            org.p11plug.api.raw.AttributeRequest.of(CKA.VALUE)}).results().get(0).value(), is(a.generateSecret()));
    }
    @Test
    @Order(11)
    void aResetByAnotherProcessLogsTheApplicationsOut() throws Exception {
        long s = p11.openSession(slot, CKF.SERIAL_SESSION);
        p11.login(s, CKU.USER, PIN.clone());
        assertThat(p11.getSessionInfo(s).state(), is(org.p11plug.api.ck.CKS.RO_USER_FUNCTIONS));
        tool("yubico-piv-tool", "-r", Pcscd.READER, "-a", "status"); // resets the card when it leaves
        p11.getTokenInfo(slot); // a command: the driver meets the reset
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (p11.getSessionInfo(s).state() != org.p11plug.api.ck.CKS.RO_PUBLIC_SESSION && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat("logged out with the card", p11.getSessionInfo(s).state(), is(org.p11plug.api.ck.CKS.RO_PUBLIC_SESSION));
        p11.login(s, CKU.USER, PIN.clone());
        p11.signInit(s, Mechanism.of(CKM.ECDSA_SHA256), key(s, 1));
        assertThat(p11.sign(s, message, Long.MAX_VALUE).data().length, is(64));
        p11.closeSession(s);
    }

    private static String toolIn(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(String.join(" ", command) + ":\n" + out, p.waitFor(), is(0));
        return out;
    }

    private static String tool(String... command) throws Exception {
        return toolIn(Path.of("").toAbsolutePath(), command);
    }

    private long awaitToken(boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (long id : p11.getSlotList(false)) {
                if (p11.getSlotInfo(id).slotDescription().startsWith(Pcscd.READER + " 00 00")) {
                    boolean has = p11.getSlotInfo(id).tokenPresent();
                    if (has == present) {
                        return id;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the virtual card was never " + (present ? "seen" : "seen leaving"));
    }

    private long[] find(long session, RawAttribute... template) {
        p11.findObjectsInit(session, template);
        long[] found = p11.findObjects(session, 100);
        p11.findObjectsFinal(session);
        return found;
    }

    private long key(long session, int id) {
        long[] found = find(session, RawAttribute.ofLong(CKA.CLASS, CKO.PRIVATE_KEY), RawAttribute.of(CKA.ID, new byte[] {(byte) id}));
        assertThat(found.length, is(1));
        return found[0];
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        System.arraycopy(b, Math.max(0, b.length - 32), out, Math.max(0, 32 - b.length), Math.min(32, b.length));
        return out;
    }

}
