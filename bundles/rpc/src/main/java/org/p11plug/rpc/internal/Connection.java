package org.p11plug.rpc.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CryptokiService;

/**
 * One client process's connection: the version byte, then frames. One thread reads requests;
 * each request runs on a worker of the connection's own small pool and its response is written
 * when it is ready, so a client's threads are served side by side and answered out of order
 * (the client matches answers by call code), and a blocking {@code C_WaitForSlotEvent} holds
 * one worker, not the connection. At most {@link RpcSettings#maxCallsInFlight()} calls run at
 * once; the reader waits for one to end before it reads further.
 *
 * <p>The end of the connection, orderly or not, is an implicit {@code C_Finalize}: the
 * application closes, its sessions close and its session objects are erased.
 */
final class Connection implements Runnable {
    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    /** The highest protocol version this server speaks (p11-kit 0.24.1's). */
    static final int SERVER_VERSION = 0;

    /** Options p11-kit clients send: their module name, "client". More is not a client. */
    private static final int MAX_OPTIONS_BYTES = 4096;

    /** Bodies are read in steps of this size, so a header promising much costs nothing until the bytes come. */
    private static final int READ_STEP = 64 * 1024;

    private static final AtomicInteger IDS = new AtomicInteger();

    private final SocketChannel channel;
    private final CryptokiService service;
    private final RpcSettings settings;
    private final Consumer<Connection> onClose;
    private final int id = IDS.incrementAndGet();
    private final Object writeLock = new Object();
    private final Semaphore inFlight;
    private final ThreadPoolExecutor workers;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable Dispatcher dispatcher;

    Connection(SocketChannel channel, CryptokiService service, RpcSettings settings, Consumer<Connection> onClose) {
        this.channel = channel;
        this.service = service;
        this.settings = settings;
        this.onClose = onClose;
        this.inFlight = new Semaphore(settings.maxCallsInFlight());
        AtomicInteger workerIds = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.maxCallsInFlight(), settings.maxCallsInFlight(), 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "p11plug-rpc-" + id + "-" + workerIds.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.workers.allowCoreThreadTimeOut(true);
    }

    int id() {
        return id;
    }

    @Override
    public void run() {
        try {
            ByteBuffer version = ByteBuffer.allocate(1);
            if (!readFully(version, true)) {
                return;
            }
            int clientVersion = version.get(0) & 0xff;
            write(ByteBuffer.wrap(new byte[] {(byte) Math.min(clientVersion, SERVER_VERSION)}));
            Dispatcher d = new Dispatcher(service, clientVersion, settings.maxFrameBytes());
            dispatcher = d;
            if (closed.get()) {
                d.close();
                return;
            }
            ByteBuffer header = ByteBuffer.allocate(12);
            while (!closed.get()) {
                header.clear();
                if (!readFully(header, true)) {
                    return; // orderly end between frames
                }
                long code = header.getInt(0) & 0xffffffffL;
                long optionsLength = header.getInt(4) & 0xffffffffL;
                long bodyLength = header.getInt(8) & 0xffffffffL;
                if (optionsLength > MAX_OPTIONS_BYTES || bodyLength > settings.maxFrameBytes()) {
                    LOG.warning(() -> "p11-kit RPC connection " + id + ": a frame of " + bodyLength
                            + " bytes is beyond the limit; closing the connection");
                    return;
                }
                skip((int) optionsLength);
                byte[] body = readBody((int) bodyLength);
                inFlight.acquire();
                try {
                    workers.execute(() -> serve(d, code, body));
                } catch (RuntimeException e) {
                    inFlight.release();
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) {
                LOG.log(Level.FINE, "p11-kit RPC connection " + id + " ends", e);
            }
        } finally {
            close();
        }
    }

    private void serve(Dispatcher d, long code, byte[] body) {
        try {
            byte[] response = d.handle(body);
            ByteBuffer header = ByteBuffer.allocate(12);
            header.putInt((int) code).putInt(0).putInt(response.length).flip();
            write(header, ByteBuffer.wrap(response));
        } catch (IOException e) {
            close();
        } finally {
            // requests carry PINs and key values: nothing of them stays behind
            Arrays.fill(body, (byte) 0);
            inFlight.release();
        }
    }

    /** Ends the connection: the socket closes, then the application, which unblocks its waits. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing an RPC socket", e);
        }
        Dispatcher d = dispatcher;
        if (d != null) {
            d.close();
        }
        workers.shutdown();
        onClose.accept(this);
    }

    boolean isClosed() {
        return closed.get();
    }

    private void write(ByteBuffer... buffers) throws IOException {
        synchronized (writeLock) {
            long left = 0;
            for (ByteBuffer b : buffers) {
                left += b.remaining();
            }
            while (left > 0) {
                left -= channel.write(buffers);
            }
        }
    }

    private byte[] readBody(int length) throws IOException {
        byte[] body = new byte[Math.min(length, READ_STEP)];
        int filled = 0;
        while (filled < length) {
            if (filled == body.length) {
                body = Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
            }
            ByteBuffer into = ByteBuffer.wrap(body, filled, body.length - filled);
            int n = channel.read(into);
            if (n < 0) {
                throw new EOFException("end of stream inside a frame");
            }
            filled += n;
        }
        return body;
    }

    private void skip(int length) throws IOException {
        if (length > 0) {
            readFully(ByteBuffer.allocate(length), false);
        }
    }

    /** @return false on an end of stream before the first byte, when {@code eofAllowed} */
    private boolean readFully(ByteBuffer buffer, boolean eofAllowed) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (eofAllowed && buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("end of stream inside a frame");
            }
        }
        return true;
    }
}
