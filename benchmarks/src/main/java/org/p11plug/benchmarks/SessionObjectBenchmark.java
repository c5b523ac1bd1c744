package org.p11plug.benchmarks;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.raw.RawAttribute;

/**
 * Session objects through the raw layer: creating and destroying one, and finding one by label
 * among N others (the find index at work). Run the largest sizes with
 * {@code -p objects=1000000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionObjectBenchmark {
    @Param({"10000", "100000"})
    int objects;

    /** The session-object store: heap, off-heap or wrapped. */
    @Param({"heap"})
    String store;

    private EngineFixture fixture;
    private long session;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = EngineFixture.of(store);
        session = fixture.p11.openSession(fixture.slot, CKF.SERIAL_SESSION | CKF.RW_SESSION);
        for (int i = 0; i < objects; i++) {
            fixture.p11.createObject(session, template("object-" + i));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    static RawAttribute[] template(String label) {
        return new RawAttribute[] {
            RawAttribute.ofLong(CKA.CLASS, CKO.DATA),
            RawAttribute.ofUtf8(CKA.LABEL, label),
            RawAttribute.of(CKA.VALUE, new byte[32])
        };
    }

    /** C_FindObjectsInit + C_FindObjects + C_FindObjectsFinal for one label among {@code objects}. */
    @Benchmark
    public long findByLabel() {
        String label = "object-" + ThreadLocalRandom.current().nextInt(objects);
        fixture.p11.findObjectsInit(session, new RawAttribute[] {RawAttribute.ofUtf8(CKA.LABEL, label)});
        long[] found = fixture.p11.findObjects(session, 10);
        fixture.p11.findObjectsFinal(session);
        if (found.length != 1) {
            throw new IllegalStateException(label + " found " + found.length + " times");
        }
        return found[0];
    }

    /** C_CreateObject + C_DestroyObject of one session object, with {@code objects} others alive. */
    @Benchmark
    public long createDestroy() {
        long h = fixture.p11.createObject(session, template("transient"));
        fixture.p11.destroyObject(session, h);
        return h;
    }
}
