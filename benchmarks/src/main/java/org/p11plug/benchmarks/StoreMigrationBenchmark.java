package org.p11plug.benchmarks;

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
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.spi.store.SessionObjectStore;

/**
 * A hot swap: binding another store moves every live session object into it (values copied,
 * sealed or locked as the new store does, then erased from the old). {@code migrated} AES keys
 * live in one store; each invocation binds the other one of the pair, so the figure is the mean
 * of both directions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StoreMigrationBenchmark {
    /** Session objects moved by each swap (named apart from the other benchmarks' {@code objects}). */
    @Param({"100000"})
    int migrated;

    /** The two stores swapped, as first/second. */
    @Param({"heap/off-heap", "heap/wrapped", "off-heap/wrapped"})
    String stores;

    private EngineFixture fixture;
    private SessionObjectStore second;
    private boolean firstBound = true;

    @Setup(Level.Trial)
    public void setUp() {
        String[] kinds = stores.split("/");
        fixture = EngineFixture.of(kinds[0]);
        second = EngineFixture.store(kinds[1]);
        long session = fixture.p11.openSession(fixture.slot, CKF.SERIAL_SESSION | CKF.RW_SESSION);
        byte[] value = new byte[32];
        for (int i = 0; i < migrated; i++) {
            value[0] = (byte) i;
            value[1] = (byte) (i >>> 8);
            fixture.p11.createObject(session, new RawAttribute[] {
                RawAttribute.ofLong(CKA.CLASS, CKO.SECRET_KEY),
                RawAttribute.ofLong(CKA.KEY_TYPE, CKK.AES),
                RawAttribute.ofBoolean(CKA.PRIVATE, false),
                RawAttribute.ofBoolean(CKA.SENSITIVE, true),
                RawAttribute.ofBoolean(CKA.ENCRYPT, true),
                RawAttribute.of(CKA.VALUE, value.clone())
            });
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    /** Binds the store not bound now: every object migrates. */
    @Benchmark
    public boolean migrate() {
        fixture.engine.bindStore(firstBound ? second : fixture.store);
        firstBound = !firstBound;
        return firstBound;
    }
}
