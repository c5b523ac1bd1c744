package org.p11plug.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.card.pcsc.internal.PcscBackend;
import org.p11plug.engine.StandaloneEngine;
import org.p11plug.store.heap.internal.HeapSessionObjectStore;
import org.p11plug.virtualpiv.Pcscd;
import org.p11plug.virtualpiv.VirtualPivCard;
import org.p11plug.virtualpiv.VpcdConnection;

/**
 * The engine on a PIV card through the whole stack (engine → card-pcsc → jnasmartcardio →
 * pcscd → vpcd → the virtual card): a signature with an on-card key after login, a find, and a
 * login/logout pair. Before measuring, each operation runs 200 times while the card counts the
 * APDUs it receives and the time it spends answering them (the card's own time); those figures
 * go to stdout and to target/piv-apdus.txt, so the host's share shows: time − card time.
 * Needs pcscd and vsmartcard-vpcd, and no other pcscd: {@code benchmarks/run.sh piv PivTokenBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PivTokenBenchmark {
    private static final byte[] PIN = "123456".getBytes(StandardCharsets.US_ASCII);
    private Pcscd pcscd;
    VirtualPivCard card;
    private VpcdConnection inserted;
    private PcscBackend backend;
    private StandaloneEngine engine;
    private Pkcs11 p11;
    private long session;
    private long loginSession;
    private long ecKey;
    private long rsaKey;
    private final byte[] message = new byte[64];

    @Setup(Level.Trial)
    public void start() throws Exception {
        Path work = Files.createTempDirectory("p11plug-piv-bench");
        pcscd = Pcscd.start(work, 40041);
        card = VirtualPivCard.inMemory();
        inserted = VpcdConnection.insert(card, "127.0.0.1", pcscd.port());
        backend = new PcscBackend(100, 200);
        engine = new StandaloneEngine().bindStore(new HeapSessionObjectStore()).addBackend(backend);
        p11 = engine.service("piv benchmark").raw();
        long slot = awaitToken();
        session = p11.openSession(slot, CKF.SERIAL_SESSION | CKF.RW_SESSION);
        p11.login(session, CKU.USER, PIN.clone());
        ecKey = p11.generateKeyPair(session, Mechanism.of(CKM.EC_KEY_PAIR_GEN),
                new RawAttribute[] {RawAttribute.of(CKA.EC_PARAMS, HexFormat.of().parseHex("06082a8648ce3d030107")),
                    RawAttribute.ofBoolean(CKA.TOKEN, true), RawAttribute.of(CKA.ID, new byte[] {1})},
                new RawAttribute[] {RawAttribute.ofBoolean(CKA.TOKEN, true), RawAttribute.of(CKA.ID, new byte[] {1})})[1];
        rsaKey = p11.generateKeyPair(session, Mechanism.of(CKM.RSA_PKCS_KEY_PAIR_GEN),
                new RawAttribute[] {RawAttribute.ofLong(CKA.MODULUS_BITS, 2048), RawAttribute.ofBoolean(CKA.TOKEN, true),
                    RawAttribute.of(CKA.ID, new byte[] {4})},
                new RawAttribute[] {RawAttribute.ofBoolean(CKA.TOKEN, true), RawAttribute.of(CKA.ID, new byte[] {4})})[1];
        org.p11plug.api.Application other = engine.service("logins").openApplication();
        loginPkcs11 = other.raw();
        loginSession = loginPkcs11.openSession(slot, CKF.SERIAL_SESSION);
        StringBuilder report = new StringBuilder();
        count(report, "signEcdsaP256", this::signEcdsaP256);
        count(report, "signRsa2048", this::signRsa2048);
        count(report, "findCertificate", this::findCertificate);
        count(report, "loginLogout", this::loginLogout);
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "piv-apdus.txt"), report);
    }

    /** APDUs per operation and the card's own time per operation, over 200 operations. */
    private void count(StringBuilder report, String name, Runnable operation) {
        for (int i = 0; i < 50; i++) {
            operation.run();
        }
        long commands = card.commands();
        long nanos = card.cardNanos();
        long start = System.nanoTime();
        int n = 200;
        for (int i = 0; i < n; i++) {
            operation.run();
        }
        long total = System.nanoTime() - start;
        report.append(String.format("%-16s %.2f APDUs/op, card %.3f ms/op, whole call %.3f ms/op, host and transport %.3f ms/op%n",
                name, (card.commands() - commands) / (double) n, (card.cardNanos() - nanos) / 1e6 / n, total / 1e6 / n,
                (total - (card.cardNanos() - nanos)) / 1e6 / n));
    }

    private Pkcs11 loginPkcs11;

    private long awaitToken() throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            for (long id : p11.getSlotList(true)) {
                if (p11.getSlotInfo(id).slotDescription().startsWith(Pcscd.READER)) {
                    return id;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("pcscd never reported the virtual card");
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        engine.close();
        engine.removeBackend(backend);
        backend.close();
        inserted.close();
        pcscd.close();
    }

    /** C_SignInit + C_Sign, ECDSA P-256 with SHA-256 hashed on the host (key in 9A, PIN verified once). */
    @Benchmark
    public byte[] signEcdsaP256() {
        p11.signInit(session, Mechanism.of(CKM.ECDSA_SHA256), ecKey);
        byte[] signature = p11.sign(session, message, Long.MAX_VALUE).data();
        return signature;
    }

    /** C_SignInit + C_Sign, SHA256-RSA-PKCS (padding on the host, raw RSA on the card; key in 9E). */
    @Benchmark
    public byte[] signRsa2048() {
        p11.signInit(session, Mechanism.of(CKM.SHA256_RSA_PKCS), rsaKey);
        byte[] signature = p11.sign(session, message, Long.MAX_VALUE).data();
        return signature;
    }

    /** C_FindObjectsInit/C_FindObjects/C_FindObjectsFinal for the certificate of 9A: served from the cache. */
    @Benchmark
    public long findCertificate() {
        p11.findObjectsInit(session, new RawAttribute[] {RawAttribute.ofLong(CKA.CLASS, CKO.CERTIFICATE),
            RawAttribute.of(CKA.ID, new byte[] {1})});
        long[] found = p11.findObjects(session, 2);
        p11.findObjectsFinal(session);
        return found[0];
    }

    /** C_Login + C_Logout of another application: VERIFY, and the reset of the card's PIN state. */
    @Benchmark
    public void loginLogout() {
        loginPkcs11.login(loginSession, CKU.USER, PIN.clone());
        loginPkcs11.logout(loginSession);
    }
}
