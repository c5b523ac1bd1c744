package org.p11plug.rpc.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
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
 * One client process's connection: the version byte, then frames, served by a small pool of
 * the connection's own threads in leader/follower fashion: the thread that has read a request
 * first hands the reading over to another thread, then serves the request and writes the
 * answer itself. So a single-threaded client's call never waits for a hand-off between
 * threads, a client's threads are served side by side and answered out of order (the client
 * matches answers by call code), and a blocking {@code C_WaitForSlotEvent} holds one thread,
 * not the connection. At most {@link RpcSettings#maxCallsInFlight()} calls run at once; the
 * next request is read only when one of them ends.
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

    /** Socket reads go through a buffer this big; a body larger than what has arrived is grown step by step. */
    private static final int READ_BUFFER = 64 * 1024;

    private static final AtomicInteger IDS = new AtomicInteger();

    private final SocketChannel channel;
    private final CryptokiService service;
    private final RpcSettings settings;
    private final Consumer<Connection> onClose;
    private final int id = IDS.incrementAndGet();
    private final Object writeLock = new Object();
    private final Semaphore inFlight;
    private final ThreadPoolExecutor threads;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Read by one leader at a time; handing the lead over publishes its state to the next. */
    private final ByteBuffer input = ByteBuffer.allocate(READ_BUFFER).flip();
    private volatile @Nullable Dispatcher dispatcher;

    Connection(SocketChannel channel, CryptokiService service, RpcSettings settings, Consumer<Connection> onClose) {
        this.channel = channel;
        this.service = service;
        this.settings = settings;
        this.onClose = onClose;
        this.inFlight = new Semaphore(settings.maxCallsInFlight());
        AtomicInteger threadIds = new AtomicInteger();
        int size = settings.maxCallsInFlight() + 1; // the calls, and the thread reading the next request
        this.threads = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "p11plug-rpc-" + id + "-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.threads.allowCoreThreadTimeOut(true);
    }

    int id() {
        return id;
    }

    /** Starts serving: the version exchange, then the first leader. */
    @Override
    public void run() {
        try {
            ByteBuffer version = ByteBuffer.allocate(1);
            readFully(version, true);
            if (version.hasRemaining()) {
                close();
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
            lead();
        } catch (IOException | RuntimeException e) {
            ended(e);
        }
    }

    /** Reads one request, hands the reading over, serves the request. */
    private void lead() {
        Dispatcher d = dispatcher;
        try {
            ByteBuffer header = ByteBuffer.allocate(12);
            readFully(header, true);
            if (header.position() == 0 || d == null) {
                close(); // orderly end between frames
                return;
            }
            long code = header.getInt(0) & 0xffffffffL;
            long optionsLength = header.getInt(4) & 0xffffffffL;
            long bodyLength = header.getInt(8) & 0xffffffffL;
            if (optionsLength > MAX_OPTIONS_BYTES || bodyLength > settings.maxFrameBytes()) {
                LOG.warning(() -> "p11-kit RPC connection " + id + ": a frame of " + bodyLength
                        + " bytes is beyond the limit; closing the connection");
                close();
                return;
            }
            skip((int) optionsLength);
            byte[] body = readBody((int) bodyLength);
            inFlight.acquire();
            try {
                if (!closed.get()) {
                    threads.execute(this::lead);
                }
                serve(d, code, body);
            } finally {
                inFlight.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        } catch (RejectedExecutionException e) {
            close(); // the connection closed meanwhile
        } catch (IOException | RuntimeException e) {
            ended(e);
        }
    }

    private void serve(Dispatcher d, long code, byte[] body) throws IOException {
        try {
            byte[] response = d.handle(body);
            ByteBuffer header = ByteBuffer.allocate(12);
            header.putInt((int) code).putInt(0).putInt(response.length).flip();
            write(header, ByteBuffer.wrap(response));
        } finally {
            // requests carry PINs and key values: nothing of them stays behind
            Arrays.fill(body, (byte) 0);
        }
    }

    private void ended(Exception e) {
        if (!closed.get()) {
            LOG.log(Level.FINE, "p11-kit RPC connection " + id + " ends", e);
        }
        close();
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
        threads.shutdown();
        onClose.accept(this);
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
        // grown as bytes arrive: a header promising much costs nothing until the bytes come
        byte[] body = new byte[Math.min(length, READ_BUFFER)];
        int filled = 0;
        while (filled < length) {
            if (filled == body.length) {
                body = Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
            }
            if (!input.hasRemaining() && !fill()) {
                // a client gone in the middle of a body (killed mid-call): without this the loop spun on EOF
                Arrays.fill(body, 0, filled, (byte) 0);
                throw new EOFException("end of stream inside a frame");
            }
            int n = Math.min(input.remaining(), body.length - filled);
            input.get(body, filled, n);
            filled += n;
        }
        return body;
    }

    private void skip(int length) throws IOException {
        ByteBuffer ignored = ByteBuffer.allocate(length);
        readFully(ignored, false);
    }

    /**
     * Fills {@code into} from the connection. With {@code eofAllowed}, an end of stream before
     * the first byte leaves it empty; anywhere else it is an error.
     */
    private void readFully(ByteBuffer into, boolean eofAllowed) throws IOException {
        while (into.hasRemaining()) {
            if (!input.hasRemaining()) {
                if (!fill()) {
                    if (eofAllowed && into.position() == 0) {
                        return;
                    }
                    throw new EOFException("end of stream inside a frame");
                }
            }
            int n = Math.min(input.remaining(), into.remaining());
            into.put(into.position(), input, input.position(), n);
            into.position(into.position() + n);
            input.position(input.position() + n);
        }
    }

    /** @return false at the end of the stream */
    private boolean fill() throws IOException {
        input.clear();
        int n = channel.read(input);
        input.flip();
        return n >= 0;
    }
}
