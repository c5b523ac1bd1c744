package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.Application;
import org.p11plug.api.Attribute;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Session;
import org.p11plug.api.Template;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.store.offheap.internal.OffHeapSessionObjectStore;

/**
 * Create and destroy many session keys in each store: the live heap (and, for the off-heap
 * store, the native memory it maps) must come back to where it started. CI runs
 * {@value #DEFAULT_CYCLES} cycles per store; the soak size is a property:
 * {@code mvn -pl conformance test -Dtest=StoreLeakTest -Dp11plug.leak.cycles=500000}
 * (figures in target/store-leak.txt and docs/stores.md).
 */
class StoreLeakTest {
    private static final int DEFAULT_CYCLES = 20_000;
    private static final long HEAP_MARGIN = 4L << 20;
    private static final Path REPORT = Path.of("target", "store-leak.txt");

    static Stream<Fixtures.Store> stores() {
        return Fixtures.STORES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void createAndDestroyLeaveNothingBehind(Fixtures.Store store) throws Exception {
        int cycles = Integer.getInteger("p11plug.leak.cycles", DEFAULT_CYCLES);
        Fixtures.StoreInstance instance = store.create().get();
        try (SoftTokenFixture fixture = new SoftTokenFixture(instance);
                Application app = fixture.service("leak").openApplication();
                Session session = app.getSlot(fixture.slotId()).getToken().openReadWriteSession()) {
            ObjectHandle resident = session.createObject(key(0)); // one object stays, as in real use
            cycle(session, 2_000);
            long heapBefore = liveHeap();
            long nativeBefore = nativeBytes(instance);
            long started = System.nanoTime();
            cycle(session, cycles);
            long micros = (System.nanoTime() - started) / 1_000 / cycles;
            long heapAfter = liveHeap();
            long nativeAfter = nativeBytes(instance);
            String line = String.format("%-8s %,d cycles: live heap %+,d bytes, native %+,d bytes (%,d mapped), %d µs a cycle%n",
                    store.name(), cycles, heapAfter - heapBefore, nativeAfter - nativeBefore, nativeAfter, micros);
            System.out.print("store leak: " + line);
            Files.writeString(REPORT, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            assertThat("live heap growth after " + cycles + " cycles", heapAfter - heapBefore, lessThan(HEAP_MARGIN));
            assertThat("native memory after " + cycles + " cycles", nativeAfter, is(nativeBefore));
            assertThat(session.getAttribute(resident, Attribute.LABEL), is("key 0"));
        }
    }

    /** Each cycle creates a key and a data object, uses the key one time in eight, destroys both. */
    private static void cycle(Session session, int cycles) {
        byte[] data = new byte[32];
        for (int i = 0; i < cycles; i++) {
            ObjectHandle k = session.createObject(key(i));
            ObjectHandle d = session.createObject(Template.builder().set(Attribute.CLASS, CKO.DATA)
                    .set(Attribute.PRIVATE, false).set(Attribute.LABEL, "data " + i).set(Attribute.VALUE, data).build());
            if (i % 8 == 0) {
                session.sign(Mechanism.of(CKM.AES_CMAC), k, data);
            }
            session.destroyObject(d);
            session.destroyObject(k);
        }
    }

    private static Template key(int i) {
        byte[] value = new byte[32];
        value[0] = (byte) i;
        return Template.builder().set(Attribute.CLASS, CKO.SECRET_KEY).set(Attribute.KEY_TYPE, CKK.AES)
                .set(Attribute.PRIVATE, false).set(Attribute.LABEL, "key " + i).set(Attribute.VALUE, value)
                .set(Attribute.SIGN, true).build();
    }

    private static long nativeBytes(Fixtures.StoreInstance instance) {
        return instance.store() instanceof OffHeapSessionObjectStore o ? o.mappedBytes() : 0;
    }

    /** Heap in use after full collections, settled. */
    private static long liveHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
