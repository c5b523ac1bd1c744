package org.p11plug.virtualpiv;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javacard.framework.APDU;
import javacard.framework.Applet;
import javacard.framework.ISO7816;
import javacard.framework.ISOException;

/**
 * The PIV applet as jCardSim runs it: the APDU transport of the card edge. SELECT answers the
 * application property template (for the full AID and its prefixes, down to the 5-byte RID; a
 * foreign AID forwarded while the applet is selected gets 6A82, so that other drivers do not
 * claim the card), command chaining in (CLA bit 0x10) is buffered until the last chunk, and
 * long answers go out 256 bytes at a time with 61xx and GET RESPONSE, kept by the applet
 * itself since jCardSim does not. A command without Le that answers data is treated as Le = 256.
 * The card edge itself is {@link PivCardEdge}; which one an installation serves is named by its
 * install parameters ({@link #register(String, PivCardEdge)}).
 */
public final class PivApplet extends Applet {
    private static final Map<String, PivCardEdge> EDGES = new ConcurrentHashMap<>();
    private static final int CHAIN_LIMIT = 16 * 1024;

    private final PivCardEdge edge;
    private ByteArrayOutputStream chain;
    private byte[] pending;
    private int pendingOffset;

    private PivApplet(PivCardEdge edge) {
        this.edge = edge;
    }

    /** Names a card edge for an installation to pick up (the install parameters carry the name). */
    static void register(String name, PivCardEdge edge) {
        EDGES.put(name, edge);
    }

    static void unregister(String name) {
        EDGES.remove(name);
    }

    /** jCardSim's entry point. */
    public static void install(byte[] parameters, short offset, byte length) {
        String name = new String(parameters, offset, length, java.nio.charset.StandardCharsets.US_ASCII);
        PivCardEdge edge = EDGES.get(name);
        if (edge == null) {
            ISOException.throwIt(ISO7816.SW_FUNC_NOT_SUPPORTED);
        }
        new PivApplet(edge).register();
    }

    @Override
    public boolean select() {
        edge.resetSecurity();
        chain = null;
        pending = null;
        return true;
    }

    @Override
    public void process(APDU apdu) {
        byte[] buffer = apdu.getBuffer();
        int cla = buffer[ISO7816.OFFSET_CLA] & 0xFF;
        int ins = buffer[ISO7816.OFFSET_INS] & 0xFF;
        int p1 = buffer[ISO7816.OFFSET_P1] & 0xFF;
        int p2 = buffer[ISO7816.OFFSET_P2] & 0xFF;
        if (selectingApplet()) {
            send(apdu, PivCardEdge.applicationPropertyTemplate(), PivCardEdge.SW_OK);
            return;
        }
        if (ins == 0xC0) { // GET RESPONSE
            if (pending == null) {
                ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
            }
            byte[] rest = java.util.Arrays.copyOfRange(pending, pendingOffset, pending.length);
            pending = null;
            send(apdu, rest, PivCardEdge.SW_OK);
            return;
        }
        pending = null;
        byte[] data = receive(apdu);
        if (ins == 0xA4) { // a SELECT jCardSim forwarded while this applet is selected
            if (p1 == 0x04 && isPrefixOfAid(data)) {
                edge.resetSecurity();
                send(apdu, PivCardEdge.applicationPropertyTemplate(), PivCardEdge.SW_OK);
            } else {
                ISOException.throwIt(ISO7816.SW_FILE_NOT_FOUND);
            }
            return;
        }
        if ((cla & 0x10) != 0) {
            if (chain == null) {
                chain = new ByteArrayOutputStream();
            }
            if (chain.size() + data.length > CHAIN_LIMIT) {
                chain = null;
                ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
            }
            chain.writeBytes(data);
            return; // 9000: send the next chunk
        }
        if (chain != null) {
            chain.writeBytes(data);
            data = chain.toByteArray();
            chain = null;
        }
        PivCardEdge.Response r = edge.process(ins, p1, p2, data);
        send(apdu, r.data(), r.sw());
    }

    /** Whether a SELECT names this applet: its AID or a prefix of it at least as long as the RID. */
    private static boolean isPrefixOfAid(byte[] aid) {
        if (aid.length < 5 || aid.length > PivCardEdge.AID.length) {
            return false;
        }
        for (int i = 0; i < aid.length; i++) {
            if (aid[i] != PivCardEdge.AID[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] receive(APDU apdu) {
        short n = apdu.setIncomingAndReceive();
        int total = apdu.getIncomingLength();
        byte[] data = new byte[total];
        byte[] buffer = apdu.getBuffer();
        int offset = apdu.getOffsetCdata();
        int copied = 0;
        while (n > 0) {
            System.arraycopy(buffer, offset, data, copied, n);
            copied += n;
            n = apdu.receiveBytes((short) offset);
        }
        return data;
    }

    /** Sends up to 256 bytes (or Le); keeps the rest for GET RESPONSE and says so with 61xx. */
    private void send(APDU apdu, byte[] data, int sw) {
        if (data.length > 0) {
            int le = apdu.setOutgoing();
            if (le == 0) {
                le = 256;
            }
            int n = Math.min(Math.min(le, 256), data.length);
            apdu.setOutgoingLength((short) n);
            apdu.sendBytesLong(data, (short) 0, (short) n);
            if (n < data.length) {
                pending = data;
                pendingOffset = n;
                int left = data.length - n;
                ISOException.throwIt((short) (0x6100 | (left > 255 ? 0 : left)));
            }
        }
        if (sw != PivCardEdge.SW_OK) {
            ISOException.throwIt((short) sw);
        }
    }
}
