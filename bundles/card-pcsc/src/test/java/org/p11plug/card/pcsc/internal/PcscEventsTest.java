package org.p11plug.card.pcsc.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p11plug.api.CkException;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.card.soft.internal.SoftTokenBackend;
import org.p11plug.card.soft.internal.SoftTokenSettings;
import org.p11plug.engine.StandaloneEngine;
import org.p11plug.store.heap.internal.HeapSessionObjectStore;
import org.p11plug.virtualpiv.Pcscd;
import org.p11plug.virtualpiv.PivClient;
import org.p11plug.virtualpiv.VirtualPivCard;
import org.p11plug.virtualpiv.VpcdConnection;

/**
 * Slot events from PC/SC, a pcscd restart, and the card pulled during operations a hundred
 * times ({@code -Dp11plug.pulls=N} for another count): sessions of the card's token answer the
 * codes PKCS#11 assigns, their session objects go, a software token in the same engine is
 * untouched, no thread stays blocked, and each re-insertion gives a working token.
 */
class PcscEventsTest {
    private static final int PORT = 40021;
    private Path work;
    private Pcscd pcscd;
    private VirtualPivCard card;
    private VpcdConnection inserted;
    private PcscBackend backend;
    private SoftTokenBackend soft;
    private StandaloneEngine engine;
    private Pkcs11 p11;

    @BeforeEach
    void start() throws Exception {
        Optional<String> unavailable = Pcscd.unavailable();
        if (unavailable.isPresent()) {
            Assertions.assertFalse("1".equals(System.getenv("P11PLUG_REQUIRE_PCSC")), unavailable.get());
            Assumptions.abort(unavailable.get());
        }
        work = Files.createDirectories(Path.of("target", "pcsc-events").toAbsolutePath());
        pcscd = Pcscd.start(work, PORT);
        card = VirtualPivCard.inMemory();
        TestCards.provision(card);
        PivClient piv = new PivClient(card::transmit);
        piv.select(PivClient.PIV_AID).expect(0x9000);
        piv.authenticate();
        piv.generate(0x9E, 0x11).expect(0x9000); // card authentication: signs without a PIN
        byte[] der = TestCards.certificate(java.security.KeyPairGenerator.getInstance("EC").generateKeyPair(),
                card.publicKey(0x9E), "p11plug virtual 9e");
        piv.send(0xDB, 0x3F, 0xFF, TestCards.concat(TestCards.tlv(0x5C, new byte[] {0x5F, (byte) 0xC1, 0x01}),
                TestCards.tlv(0x53, TestCards.concat(TestCards.tlv(0x70, der), TestCards.tlv(0x71, new byte[] {0}))))).expect(0x9000);
        card.reset();
        backend = new PcscBackend(100, 100);
        soft = new SoftTokenBackend(SoftTokenSettings.defaults(Files.createTempDirectory(work, "soft")).withCheapKdf());
        soft.initializeIfNew(0, "soft", "87654321".getBytes(StandardCharsets.US_ASCII), "123456".getBytes(StandardCharsets.US_ASCII));
        engine = new StandaloneEngine().bindStore(new HeapSessionObjectStore()).addBackend(backend).addBackend(soft);
        p11 = engine.service("events").raw();
    }

    @AfterEach
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
            engine.removeBackend(backend);
            engine.removeBackend(soft);
            soft.close();
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
    void waitForSlotEventWakesForACardAndForFinalize() throws Exception {
        AtomicLong woke = new AtomicLong(-1);
        Thread waiter = new Thread(() -> woke.set(p11.waitForSlotEvent(0)));
        waiter.start();
        inserted = VpcdConnection.insert(card, "127.0.0.1", pcscd.port());
        waiter.join(10_000);
        assertThat("a blocking wait returns when the card comes", waiter.isAlive(), is(false));
        long slot = awaitToken(true);
        drainEvents();
        CkException none = assertThrows(CkException.class, () -> p11.waitForSlotEvent(CKF.DONT_BLOCK));
        assertThat(CkException.name(none.ckr()), is(CkException.name(CKR.NO_EVENT)));

        inserted.close();
        awaitToken(false);
        assertThat("removal is an event of the same slot", p11.waitForSlotEvent(CKF.DONT_BLOCK), is(slot));

        org.p11plug.api.Application other = engine.service("finalize").openApplication();
        Pkcs11 raw = other.raw();
        drain(raw);
        AtomicBoolean released = new AtomicBoolean();
        Thread blocked = new Thread(() -> {
            try {
                raw.waitForSlotEvent(0);
            } catch (CkException e) {
                released.set(e.ckr() == CKR.CRYPTOKI_NOT_INITIALIZED);
            }
        });
        blocked.start();
        Thread.sleep(200);
        other.close(); // C_Finalize
        blocked.join(5_000);
        assertThat("C_Finalize releases a blocked C_WaitForSlotEvent", released.get(), is(true));
    }

    @Test
    void theBackendComesBackAfterPcscdRestarts() throws Exception {
        inserted = VpcdConnection.insert(card, "127.0.0.1", pcscd.port());
        long slot = awaitToken(true);
        pcscd.close();
        awaitReaderGone();
        inserted.close();
        pcscd = Pcscd.start(work, PORT);
        inserted = VpcdConnection.insert(card, "127.0.0.1", pcscd.port());
        assertThat("the same reader name keeps its slot id", awaitToken(true), is(slot));
        long s = p11.openSession(slot, CKF.SERIAL_SESSION);
        p11.signInit(s, Mechanism.of(CKM.ECDSA_SHA256), key9e(s));
        assertThat(p11.sign(s, new byte[10], Long.MAX_VALUE).data().length, is(64));
        p11.closeSession(s);
    }

    @Test
    void theCardPulledDuringOperationsAHundredTimes() throws Exception {
        int pulls = Integer.getInteger("p11plug.pulls", 100);
        long softSlot = 0;
        long softSession = p11.openSession(softSlot, CKF.SERIAL_SESSION | CKF.RW_SESSION);
        long softObject = p11.createObject(softSession, new RawAttribute[] {RawAttribute.ofLong(CKA.CLASS, CKO.DATA),
            RawAttribute.ofUtf8(CKA.LABEL, "elsewhere")});
        inserted = VpcdConnection.insert(card, "127.0.0.1", pcscd.port());
        long slot = awaitToken(true);

        Set<Long> allowed = Set.of(CKR.DEVICE_REMOVED, CKR.SESSION_HANDLE_INVALID, CKR.SESSION_CLOSED, CKR.TOKEN_NOT_PRESENT,
                CKR.KEY_HANDLE_INVALID, CKR.OBJECT_HANDLE_INVALID, CKR.OPERATION_NOT_INITIALIZED);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Set<String> wrong = ConcurrentHashMap.newKeySet();
        AtomicLong signatures = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    long s = -1;
                    try {
                        s = p11.openSession(slot, CKF.SERIAL_SESSION);
                        long object = p11.createObject(s, new RawAttribute[] {RawAttribute.ofLong(CKA.CLASS, CKO.DATA),
                            RawAttribute.ofUtf8(CKA.LABEL, "session object on the card's token")});
                        long key = key9e(s);
                        while (!stop.get()) {
                            p11.signInit(s, Mechanism.of(CKM.ECDSA_SHA256), key);
                            p11.sign(s, new byte[32], Long.MAX_VALUE);
                            signatures.incrementAndGet();
                        }
                    } catch (CkException e) {
                        seen.add(CkException.name(e.ckr()));
                        if (!allowed.contains(e.ckr())) {
                            wrong.add(e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                    } catch (RuntimeException e) {
                        wrong.add(e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage());
                    } finally {
                        if (s != -1) {
                            try {
                                p11.closeSession(s);
                            } catch (CkException closedAlready) {
                                // the token took it
                            }
                        }
                    }
                }
            }, "signer-" + w);
            workers.add(t);
            t.start();
        }
        for (int i = 0; i < pulls && wrong.isEmpty(); i++) {
            long before = signatures.get();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (signatures.get() == before && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            inserted.close();
            awaitToken(false);
            inserted = VpcdConnection.insert(card, "127.0.0.1", pcscd.port());
            try {
                awaitToken(true);
            } catch (AssertionError e) {
                if (pcscdSeesTheCard()) {
                    // pcscd has the card and the backend does not: ours to fix; say what the monitor does
                    throw new AssertionError(e.getMessage() + " by the backend, though pcscd has it; the monitor:"
                            + monitorStack(), e);
                }
                // pcscd itself never reported the inserted card (a vpcd/pcscd stall, seen about once
                // in ten runs on this machine): the reader is not under test, so insert again, once
                stalls++;
                inserted.close();
                inserted = VpcdConnection.insert(card, "127.0.0.1", pcscd.port());
                awaitToken(true);
            }
        }
        stop.set(true);
        for (Thread t : workers) {
            t.join(10_000);
            assertThat(t.getName() + " is not blocked", t.isAlive(), is(false));
        }
        assertThat("codes outside what PKCS#11 assigns to a removed token", Set.copyOf(wrong), is(empty()));
        assertThat(signatures.get(), greaterThan((long) pulls));
        System.out.println("card pulled " + pulls + " times; the sessions answered " + seen
                + "; pcscd missed an insertion " + stalls + " times");
        assertThat("the card's session objects went with its sessions",
                engine.status().sessionObjectCount(), is(1L)); // the soft token's one
        assertThat("the soft token's session is untouched", p11.getAttributeValue(softSession, softObject,
                new org.p11plug.api.raw.AttributeRequest[] {org.p11plug.api.raw.AttributeRequest.of(CKA.LABEL)})
                .results().get(0).value(), is("elsewhere".getBytes(StandardCharsets.UTF_8)));
    }

    private int stalls;

    private static String monitorStack() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, frames) -> {
            if (t.getName().startsWith("p11plug PC/SC monitor")) {
                for (StackTraceElement f : frames) {
                    out.append("\n\tat ").append(f);
                }
            }
        });
        return out.length() == 0 ? " not running" : out.toString();
    }

    /** Whether pcscd itself, asked through a PC/SC context of the JDK's own, shows the card. */
    private static boolean pcscdSeesTheCard() {
        try {
            for (javax.smartcardio.CardTerminal t : javax.smartcardio.TerminalFactory.getInstance("PC/SC", null)
                    .terminals().list()) {
                if (t.getName().startsWith(Pcscd.READER + " 00 00")) {
                    return t.isCardPresent();
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException | javax.smartcardio.CardException e) {
            return false;
        }
    }

    private long key9e(long session) {
        p11.findObjectsInit(session, new RawAttribute[] {RawAttribute.ofLong(CKA.CLASS, CKO.PRIVATE_KEY),
            RawAttribute.of(CKA.ID, new byte[] {4})});
        long[] found = p11.findObjects(session, 2);
        p11.findObjectsFinal(session);
        if (found.length != 1) {
            throw new CkException(CKR.KEY_HANDLE_INVALID, "no 9E key visible");
        }
        return found[0];
    }

    private void drainEvents() {
        drain(p11);
    }

    private static void drain(Pkcs11 raw) {
        while (true) {
            try {
                raw.waitForSlotEvent(CKF.DONT_BLOCK);
            } catch (CkException e) {
                return;
            }
        }
    }

    private long awaitToken(boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (long id : p11.getSlotList(false)) {
                if (p11.getSlotInfo(id).slotDescription().startsWith(Pcscd.READER + " 00 00")
                        && p11.getSlotInfo(id).tokenPresent() == present) {
                    return id;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the virtual card was never " + (present ? "seen" : "seen leaving"));
    }

    private void awaitReaderGone() throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean any = false;
            for (long id : p11.getSlotList(false)) {
                any |= p11.getSlotInfo(id).slotDescription().startsWith(Pcscd.READER);
            }
            if (!any) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the readers stayed after pcscd stopped");
    }
}
