package org.p11plug.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.p11plug.virtualpiv.Pcscd;
import org.p11plug.virtualpiv.PivClient;
import org.p11plug.virtualpiv.VirtualPivCard;
import org.p11plug.virtualpiv.VpcdConnection;

/**
 * Round trips through the whole PC/SC stack to the virtual PIV card: the JDK's javax.smartcardio
 * → libpcsclite → a pcscd started here → vpcd → TCP → the applet in jCardSim. A PIN status query
 * (the transport alone), an ECDSA P-256 signature and a raw RSA-2048 signature (two chained
 * APDUs in, GET RESPONSE out). Needs pcscd, vsmartcard-vpcd and no other pcscd running:
 * {@code benchmarks/run.sh pcsc VirtualPivBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VirtualPivBenchmark {
    private static final String PCSC_LIBRARY = "/usr/lib/x86_64-linux-gnu/libpcsclite.so.1";
    private Path work;
    private Pcscd pcscd;
    private VirtualPivCard card;
    private VpcdConnection inserted;
    private Card connection;
    private PivClient piv;
    private final byte[] hash = sha256("a message to sign");
    private final byte[] rsaBlock = new byte[256];

    @Setup(Level.Trial)
    public void startTheStack() throws Exception {
        if (System.getProperty("sun.security.smartcardio.library") == null && Files.exists(Path.of(PCSC_LIBRARY))) {
            System.setProperty("sun.security.smartcardio.library", PCSC_LIBRARY);
        }
        work = Files.createTempDirectory("p11plug-pcsc-bench");
        pcscd = Pcscd.start(work, 40031);
        card = VirtualPivCard.inMemory();
        inserted = VpcdConnection.insert(card, "127.0.0.1", pcscd.port());
        CardTerminal terminal = awaitCard();
        connection = terminal.connect("T=1");
        CardChannel channel = connection.getBasicChannel();
        piv = new PivClient(command -> {
            try {
                return channel.transmit(new CommandAPDU(command)).getBytes();
            } catch (CardException e) {
                throw new IllegalStateException(e);
            }
        });
        piv.select(PivClient.PIV_AID).expect(0x9000);
        piv.authenticate();
        piv.generate(0x9A, 0x11).expect(0x9000);
        piv.generate(0x9E, 0x07).expect(0x9000);
        piv.verify("123456").expect(0x9000);
        rsaBlock[0] = 0;
        rsaBlock[1] = 1;
        Arrays.fill(rsaBlock, 2, 200, (byte) 0xFF); // a PKCS #1 v1.5 shaped block, below the modulus
    }

    private CardTerminal awaitCard() throws Exception {
        TerminalFactory factory = TerminalFactory.getInstance("PC/SC", null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<CardTerminal> terminals = factory.terminals().list(javax.smartcardio.CardTerminals.State.CARD_PRESENT);
            for (CardTerminal t : terminals) {
                if (t.getName().startsWith(Pcscd.READER)) {
                    return t;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("pcscd never reported the virtual card");
    }

    @TearDown(Level.Trial)
    public void stopTheStack() throws Exception {
        connection.disconnect(false);
        inserted.close();
        card.close();
        pcscd.close();
    }

    /** VERIFY with no data: the PIN status, the smallest round trip. */
    @Benchmark
    public int pinStatus() {
        return piv.verify(null).sw();
    }

    /** GENERAL AUTHENTICATE with the P-256 key of 9A over a SHA-256 hash: one APDU each way. */
    @Benchmark
    public byte[] signEcdsaP256() {
        return piv.privateKey(0x11, 0x9A, 0x81, hash).expect(0x9000).data();
    }

    /** Raw RSA-2048 with the key of 9E: two chained APDUs in, GET RESPONSE out. */
    @Benchmark
    public byte[] signRsa2048() {
        return piv.privateKey(0x07, 0x9E, 0x81, rsaBlock).expect(0x9000).data();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
