package org.p11plug.virtualpiv;

import com.licel.jcardsim.base.Simulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.UUID;
import javacard.framework.AID;

/**
 * One virtual PIV card: the PIV applet installed in its own jCardSim simulator, over a card
 * state (in memory, or persisted to a file). Thread-safe: one APDU at a time.
 */
public final class VirtualPivCard implements AutoCloseable {
    /**
     * T=1, historical bytes carrying the PIV AID in compact-TLV tag F9: OpenSC's plain PIV type,
     * without the workarounds its ATR tables attach to known cards.
     */
    public static final byte[] ATR = HexFormat.of().parseHex("3b8b0180f9a0000003080000100048");

    private final String name = UUID.randomUUID().toString();
    private final PivCardEdge edge;
    private final Simulator simulator = new Simulator();
    private final AID aid = new AID(PivCardEdge.AID, (short) 0, (byte) PivCardEdge.AID.length);

    private VirtualPivCard(CardState state) {
        edge = new PivCardEdge(state);
        PivApplet.register(name, edge);
        byte[] parameters = name.getBytes(StandardCharsets.US_ASCII);
        simulator.installApplet(aid, PivApplet.class, parameters, (short) 0, (byte) parameters.length);
    }

    /** A new card in memory, with the default PIN, PUK and management key. */
    public static VirtualPivCard inMemory() {
        return new VirtualPivCard(CardState.fresh());
    }

    /** The card kept in {@code file}: read if it exists, else made and written there. */
    public static VirtualPivCard persistentIn(Path file) throws IOException {
        return new VirtualPivCard(CardState.persistentIn(file));
    }

    private static final boolean TRACE = Boolean.getBoolean("p11plug.virtualpiv.trace");
    private long commands;
    private long cardNanos;

    /** One command APDU in, the response APDU (data and status word) out. */
    public synchronized byte[] transmit(byte[] command) {
        long start = System.nanoTime();
        if (TRACE) { // -Dp11plug.virtualpiv.trace=true: each command's header on stderr
            System.err.printf("virtual PIV: %s%n", HexFormat.of().formatHex(command, 0, Math.min(4, command.length)));
        }
        try {
            return simulator.transmitCommand(command);
        } finally {
            cardNanos += System.nanoTime() - start;
            commands++;
        }
    }

    /** Command APDUs answered so far (GET RESPONSE and chained parts each count): for benchmarks. */
    public synchronized long commands() {
        return commands;
    }

    /** Time spent inside the card answering them, in nanoseconds: the card's own time. */
    public synchronized long cardNanos() {
        return cardNanos;
    }

    /** Power off/on or reset: no applet selected, security status lost. */
    public synchronized void reset() {
        simulator.reset();
        edge.resetSecurity();
    }

    public byte[] atr() {
        return ATR.clone();
    }

    /** The public key the card generated in a slot (0x9A, 0x9C, 0x9D, 0x9E, 0x82–0x95). */
    public synchronized PublicKey publicKey(int slot) throws GeneralSecurityException {
        return edge.publicKey(slot);
    }

    @Override
    public void close() {
        PivApplet.unregister(name);
    }
}
