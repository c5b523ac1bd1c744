package org.p11plug.rpc.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKR;
import org.p11plug.rpc.internal.Frames.Frame;

/**
 * Hostile input: request bodies mutated from the captured traffic, random bodies, and broken
 * frames. Every request must get a well-formed answer (or, for a broken frame, a closed
 * connection); no exception of the server's own may escape (an unexpected one is logged as a
 * warning by the dispatcher, and the test counts them); a bystander connection keeps signing
 * with its session key throughout; at the end only the bystander's application, sessions and
 * objects are left, and the heap has not grown.
 *
 * <p>CI runs 20,000 frames; the soak is {@code -Dp11plug.fuzz.frames=1000000} (docs/rpc.md).
 */
class RpcFuzzTest {
    private static final int FRAMES = Integer.getInteger("p11plug.fuzz.frames", 20_000);
    private static final int FRAMES_PER_CONNECTION = 2_000;

    static BridgeFixture bridge;
    static final List<LogRecord> unexpected = Collections.synchronizedList(new ArrayList<>());
    static final Handler watcher = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue() && record.getThrown() != null) {
                unexpected.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() throws IOException {
        bridge = new BridgeFixture();
        Logger.getLogger(Dispatcher.class.getName()).addHandler(watcher);
    }

    @AfterAll
    static void stop() throws IOException {
        Logger.getLogger(Dispatcher.class.getName()).removeHandler(watcher);
        bridge.close();
    }

    @Test
    void mutatedAndRandomRequestsCostOnlyTheirCaller() throws Exception {
        List<byte[]> corpus = new ArrayList<>();
        for (String capture : Frames.captureNames()) {
            for (Frame f : Frames.parse(Frames.stream(capture, "c2s"))) {
                corpus.add(f.body());
            }
        }
        SplittableRandom random = new SplittableRandom(Long.getLong("p11plug.fuzz.seed", 11));
        try (TestClient bystander = TestClient.initialized(bridge.socket())) {
            long session = RpcServerTest.openSession(bystander);
            RpcServerTest.login(bystander, session);
            long[] pair = RpcServerTest.ecKeyPair(bystander, session);
            long objectsBefore = bridge.engine.status().sessionObjectCount();
            long heapBefore = usedHeapAfterGc();

            int sent = 0;
            int errors = 0;
            java.util.Map<String, Integer> codes = new java.util.TreeMap<>();
            while (sent < FRAMES) {
                try (TestClient fuzzed = TestClient.initialized(bridge.socket())) {
                    // the captures' first session was 0x11: point them at a live, logged-in session of this
                    // connection, so that mutations reach the engine's checks, not only the handle lookup
                    long own = RpcServerTest.openSession(fuzzed);
                    // not asserted: mutated C_Login frames may have used up the PIN's tries meanwhile
                    fuzzed.call(new Request(RpcCall.C_LOGIN).u(own).u(org.p11plug.api.ck.CKU.USER)
                            .ay(BridgeFixture.USER_PIN));
                    for (int i = 0; i < FRAMES_PER_CONNECTION && sent < FRAMES; i++, sent++) {
                        byte[] body = mutate(corpus, random, own);
                        if (blocksForever(body)) {
                            continue;
                        }
                        Response r = new Response(fuzzed.roundTrip(body));
                        long requestId = body.length >= 4 ? ByteBuffer.wrap(body).getInt() & 0xffffffffL : -1;
                        assertThat(r.callId, anyOf(is(0L), is(requestId)));
                        if (r.isError()) {
                            errors++;
                            codes.merge(CKR.nameOf(r.rv()), 1, Integer::sum);
                            if (r.rv() == CKR.CRYPTOKI_NOT_INITIALIZED) {
                                fuzzed.initialize();
                            }
                        }
                    }
                }
                sign(bystander, session, pair[1]);
            }
            brokenFrames(random, 200);
            sign(bystander, session, pair[1]);

            assertThat("exceptions of the server's own", unexpected, is(empty()));
            bridge.awaitApplications(bridge.idleApplications + 1);
            assertThat(bridge.engine.status().sessionObjectCount(), is(objectsBefore));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (bridge.server.connectionCount() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat("connections left", bridge.server.connectionCount(), is(1));
            long growth = usedHeapAfterGc() - heapBefore;
            assertThat("heap growth after " + sent + " frames", growth, lessThan(32L << 20));
            System.out.printf("fuzz: %d frames, %d answered with an error, heap %+d KiB; errors %s%n", sent, errors,
                    growth >> 10, codes);
        }
    }

    /** Frames whose header lies: huge lengths, garbage streams, an end in the middle of a frame. */
    private static void brokenFrames(SplittableRandom random, int connections) throws Exception {
        for (int i = 0; i < connections; i++) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(bridge.socket()));
                byte[] garbage = new byte[random.nextInt(1, 64)];
                random.nextBytes(garbage);
                if (i % 3 == 0) {
                    garbage[0] = 0; // a version byte, then a header promising more than will come
                }
                ch.write(ByteBuffer.wrap(garbage));
            }
        }
    }

    private static void sign(TestClient c, long session, long key) throws IOException {
        RpcServerTest.ok(c.call(new Request(RpcCall.C_SIGN_INIT).u(session).mechanism(CKM.ECDSA).u(key)));
        RpcServerTest.ok(c.call(new Request(RpcCall.C_SIGN).u(session).ay(new byte[32]).f(64)));
    }

    /** C_WaitForSlotEvent without CKF_DONT_BLOCK is answered only by an event: leave it out. */
    private static boolean blocksForever(byte[] body) {
        return body.length >= 4 && ByteBuffer.wrap(body).getInt() == RpcCall.C_WAIT_FOR_SLOT_EVENT.id();
    }

    static byte[] mutate(List<byte[]> corpus, SplittableRandom random, long session) {
        byte[] body = withSession(corpus.get(random.nextInt(corpus.size())), session);
        switch (random.nextInt(8)) {
            case 0 -> { // flip a few bits
                for (int n = random.nextInt(1, 9); n > 0 && body.length > 0; n--) {
                    body[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> { // interesting bytes
                byte[] values = {0, (byte) 0xff, 0x7f, (byte) 0x80, 1};
                for (int n = random.nextInt(1, 5); n > 0 && body.length > 0; n--) {
                    body[random.nextInt(body.length)] = values[random.nextInt(values.length)];
                }
            }
            case 2 -> body = java.util.Arrays.copyOf(body, random.nextInt(body.length + 1));
            case 3 -> { // splice another body's bytes in
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                int from = random.nextInt(other.length);
                int to = body.length == 0 ? 0 : random.nextInt(body.length);
                int n = Math.min(other.length - from, body.length - to);
                System.arraycopy(other, from, body, to, n);
            }
            case 4 -> { // another call id, so the signature and the arguments disagree
                if (body.length >= 4) {
                    ByteBuffer.wrap(body).putInt(random.nextInt(0, 100));
                }
            }
            case 5 -> { // big lengths and counts
                int[] values = {-1, 0x7fffffff, 0x80000000, 0x10000, 0xfffffff0};
                for (int n = random.nextInt(1, 3); n > 0 && body.length >= 4; n--) {
                    ByteBuffer.wrap(body).putInt(random.nextInt(body.length - 3), values[random.nextInt(values.length)]);
                }
            }
            case 6 -> { // random bytes, a real call id in front now and then
                body = new byte[random.nextInt(0, 200)];
                random.nextBytes(body);
                if (body.length >= 4 && random.nextBoolean()) {
                    ByteBuffer.wrap(body).putInt(random.nextInt(1, 66));
                }
            }
            default -> { // the capture's own request, unchanged
            }
        }
        return body;
    }

    /**
     * The body with its first argument pointed at this connection: the slot for calls that take a
     * slot, the live session for calls that take a session (the captures' were SoftHSM's 0x11).
     */
    private static byte[] withSession(byte[] captured, long session) {
        byte[] body = captured.clone();
        ByteBuffer b = ByteBuffer.wrap(body);
        RpcCall call = RpcCall.byId(b.getInt(0) & 0xffffffffL);
        int first = 8 + b.getInt(4);
        if (call != null && call.request.startsWith("u") && body.length >= first + 8) {
            b.putLong(first, RequestWalker.TAKES_SLOT.contains(call) ? BridgeFixture.SLOT : session);
        }
        return body;
    }


    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
