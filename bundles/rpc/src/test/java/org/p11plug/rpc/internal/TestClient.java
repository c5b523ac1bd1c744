package org.p11plug.rpc.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A p11-kit RPC client in Java, laid out as p11-kit-client.so 0.24 lays out its traffic: the
 * version byte, then frames with the options "client", call codes from 0x10, and answers
 * matched to callers by code, so several threads may call at once.
 */
final class TestClient implements AutoCloseable {
    static final byte[] HANDSHAKE = "PRIVATE-GNOME-KEYRING-PKCS11-PROTOCOL-V-1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPTIONS = "client".getBytes(StandardCharsets.US_ASCII);

    private final SocketChannel channel;
    private final int serverVersion;
    private final int clientVersion;
    private final AtomicLong codes = new AtomicLong(0x10);
    private final Map<Long, CompletableFuture<byte[]>> waiting = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile IOException failure;

    private TestClient(SocketChannel channel, int clientVersion, int serverVersion) {
        this.channel = channel;
        this.clientVersion = clientVersion;
        this.serverVersion = serverVersion;
        this.reader = new Thread(this::readLoop, "test-rpc-client");
        reader.setDaemon(true);
        reader.start();
    }

    static TestClient connect(Path socket, int version) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        ch.write(ByteBuffer.wrap(new byte[] {(byte) version}));
        ByteBuffer answer = ByteBuffer.allocate(1);
        if (ch.read(answer) != 1) {
            ch.close();
            throw new EOFException("no version answer");
        }
        return new TestClient(ch, version, answer.get(0) & 0xff);
    }

    /** Connects with version 0 and calls C_Initialize. */
    static TestClient initialized(Path socket) throws IOException {
        TestClient c = connect(socket, 0);
        c.initialize();
        return c;
    }

    int clientVersion() {
        return clientVersion;
    }

    int serverVersion() {
        return serverVersion;
    }

    void initialize() throws IOException {
        Response r = call(new Request(RpcCall.C_INITIALIZE).ay(HANDSHAKE).y(0).ay(new byte[] {0}));
        if (r.isError()) {
            throw new IOException("C_Initialize: " + r.rv());
        }
    }

    Response call(Request request) throws IOException {
        return new Response(roundTrip(request.body()));
    }

    /** Sends one body and waits for the answer with the same code. */
    byte[] roundTrip(byte[] body) throws IOException {
        long code = codes.getAndIncrement();
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        waiting.put(code, answer);
        send(code, body);
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (Exception e) {
            throw new IOException("no answer to code " + code, e);
        } finally {
            waiting.remove(code);
        }
    }

    /** Sends a frame without waiting (for requests that are not answered soon). */
    CompletableFuture<byte[]> submit(byte[] body) throws IOException {
        long code = codes.getAndIncrement();
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        waiting.put(code, answer);
        send(code, body);
        return answer;
    }

    void sendRaw(byte[] bytes) throws IOException {
        synchronized (channel) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
    }

    private void send(long code, byte[] body) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(12 + OPTIONS.length + body.length);
        frame.putInt((int) code).putInt(OPTIONS.length).putInt(body.length).put(OPTIONS).put(body).flip();
        synchronized (channel) {
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
        }
    }

    /** @return whether the server has closed the connection */
    boolean closedByServer() throws InterruptedException {
        reader.join(5000);
        return !reader.isAlive() && failure != null;
    }

    private void readLoop() {
        try {
            ByteBuffer header = ByteBuffer.allocate(12);
            while (true) {
                header.clear();
                readFully(header);
                long code = header.getInt(0) & 0xffffffffL;
                readFully(ByteBuffer.allocate(header.getInt(4)));
                ByteBuffer body = ByteBuffer.allocate(header.getInt(8));
                readFully(body);
                CompletableFuture<byte[]> f = waiting.get(code);
                if (f != null) {
                    f.complete(body.array());
                }
            }
        } catch (IOException e) {
            failure = e;
            waiting.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("server closed the connection");
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
