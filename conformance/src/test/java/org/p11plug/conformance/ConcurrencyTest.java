package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.arrayWithSize;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.RawAttribute;

/**
 * Any number of threads on any number of sessions: 16 threads open sessions, create, find and
 * destroy session and token objects; no call fails and every object is accounted for. The
 * second test puts two threads on one session: calls are serialized (the documented choice), so
 * they never corrupt each other.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class ConcurrencyTest extends ConformanceTest {
    private static final int THREADS = 16;
    private static final int ROUNDS = Integer.getInteger("p11plug.concurrency.rounds", 40);

    @Test
    void sixteenThreadsCreateFindAndDestroy() throws Exception {
        requireTokenDataObjects();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicLong tokenObjectsKept = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                try {
                    start.await();
                    for (int round = 0; round < ROUNDS; round++) {
                        long s = p11.openSession(slot, RW);
                        String tag = "t" + thread + "-r" + round;
                        long a = p11.createObject(s, data(tag));
                        long b = p11.createObject(s, data(tag));
                        long tok = p11.createObject(s, data(tag, RawAttribute.ofBoolean(CKA.TOKEN, true)));
                        Long[] found = find(s, RawAttribute.ofUtf8(CKA.LABEL, tag));
                        if (found.length != 3) {
                            throw new AssertionError(tag + " found " + found.length + " objects, not 3");
                        }
                        p11.destroyObject(s, a);
                        if (round % 2 == 0) {
                            p11.destroyObject(s, tok);
                        } else {
                            tokenObjectsKept.incrementAndGet();
                        }
                        if (find(s, RawAttribute.ofUtf8(CKA.LABEL, tag)).length != (round % 2 == 0 ? 1 : 2)) {
                            throw new AssertionError(tag + " lost track of its objects");
                        }
                        p11.closeSession(s);
                        try {
                            label(openAndClose(), b);
                            throw new AssertionError("session object outlived its session");
                        } catch (org.p11plug.api.CkException e) {
                            if (!e.is(CKR.OBJECT_HANDLE_INVALID)) {
                                throw e;
                            }
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(errors.stream().map(Throwable::toString).toList(), is(empty()));
        assertThat(fixture.engine().status().sessionObjectCount(), is(0L));
        long s = openRo();
        assertThat(find(s), arrayWithSize((int) tokenObjectsKept.get()));
    }

    private long openAndClose() {
        long s = p11.openSession(slot, RO);
        p11.closeSession(s);
        return openRo();
    }

    @Test
    void twoThreadsOnOneSessionAreSerialized() throws Exception {
        long shared = openRw();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        Runnable work = () -> {
            try {
                for (int i = 0; i < 200; i++) {
                    long h = p11.createObject(shared, data("shared"));
                    p11.setAttributeValue(shared, h, template(RawAttribute.ofUtf8(CKA.LABEL, "renamed")));
                    p11.destroyObject(shared, h);
                }
            } catch (Throwable e) {
                errors.add(e);
            }
        };
        Thread one = new Thread(work);
        Thread two = new Thread(work);
        one.start();
        two.start();
        one.join();
        two.join();
        assertThat(errors.stream().map(Throwable::toString).toList(), is(empty()));
        assertThat(find(shared), arrayWithSize(0));
    }
}
