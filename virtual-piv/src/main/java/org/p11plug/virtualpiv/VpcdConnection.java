package org.p11plug.virtualpiv;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import jdk.net.ExtendedSocketOptions;

/**
 * A card in a vpcd reader (vsmartcard's reader driver for pcscd): the card is a TCP client of
 * the reader's port, so connecting inserts it and closing removes it. Each message is a
 * big-endian u16 length and a payload; a one-byte payload is a control (0 power off, 1 power
 * on, 2 reset, 4 "send your ATR"), a longer one a command APDU, answered the same way.
 *
 * <p>vpcd writes the length and the APDU in two writes, so with Linux's delayed ACK every APDU
 * would wait about 40 ms: the socket asks for quick ACKs before every read, and answers in one
 * write with Nagle off, which brings a round trip through pcscd to a fraction of a millisecond.
 */
public final class VpcdConnection implements AutoCloseable {
    private static final int POWER_OFF = 0;
    private static final int POWER_ON = 1;
    private static final int RESET = 2;
    private static final int GET_ATR = 4;

    private final VirtualPivCard card;
    private final Socket socket;
    private final Thread server;
    private volatile boolean closing;

    private VpcdConnection(VirtualPivCard card, Socket socket) {
        this.card = card;
        this.socket = socket;
        this.server = new Thread(this::serve, "vpcd card " + socket.getPort());
        this.server.setDaemon(true);
    }

    /** Inserts the card into the vpcd reader listening on {@code host:port}. */
    public static VpcdConnection insert(VirtualPivCard card, String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 2000);
        VpcdConnection c = new VpcdConnection(card, socket);
        c.server.start();
        return c;
    }

    /** Whether the reader still holds the card (false once either side closed). */
    public boolean isInserted() {
        return server.isAlive();
    }

    /** Waits until the reader side closes the connection (pcscd stopped). */
    public void awaitRemoval() throws InterruptedException {
        server.join();
    }

    private void serve() {
        try (socket; DataInputStream in = new DataInputStream(socket.getInputStream())) {
            OutputStream out = socket.getOutputStream();
            while (!closing) {
                quickAck();
                int length = in.readUnsignedShort();
                byte[] message = new byte[length];
                in.readFully(message);
                if (length == 1) {
                    control(message[0] & 0xFF, out);
                } else if (length > 1) {
                    reply(out, card.transmit(message));
                }
            }
        } catch (EOFException | SocketException e) {
            // the reader closed the connection, or we did: the card is out
        } catch (IOException e) {
            if (!closing) {
                System.err.println("vpcd connection failed: " + e);
            }
        }
    }

    private void control(int code, OutputStream out) throws IOException {
        switch (code) {
            case POWER_OFF, POWER_ON, RESET -> card.reset();
            case GET_ATR -> reply(out, card.atr());
            default -> { } // unknown controls are ignored, as vpcd's own cards do
        }
    }

    private static void reply(OutputStream out, byte[] payload) throws IOException {
        byte[] frame = new byte[2 + payload.length];
        frame[0] = (byte) (payload.length >>> 8);
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        out.write(frame);
        out.flush();
    }

    private void quickAck() {
        try {
            if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)) {
                socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            }
        } catch (IOException e) {
            // only a latency optimisation
        }
    }

    /** Removes the card (closes the connection). */
    @Override
    public void close() {
        closing = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            server.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
