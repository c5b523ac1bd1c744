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
import org.p11plug.api.ck.CKF;

/**
 * {@code C_CloseSession} of a session holding {@code objects} session objects: each one is
 * forgotten, erased in its store and unindexed. One close per invocation (single shot), the
 * session filled before each one, outside the measured time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionCloseBenchmark {
    @Param({"1000", "10000", "100000"})
    int objects;

    /** The session-object store: heap, off-heap or wrapped. */
    @Param({"heap"})
    String store;

    private EngineFixture fixture;
    private long session;

    @Setup(Level.Trial)
    public void open() {
        fixture = EngineFixture.of(store);
    }

    @Setup(Level.Invocation)
    public void fill() {
        session = fixture.p11.openSession(fixture.slot, CKF.SERIAL_SESSION | CKF.RW_SESSION);
        for (int i = 0; i < objects; i++) {
            fixture.p11.createObject(session, SessionObjectBenchmark.template("object-" + i));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        fixture.close();
    }

    @Benchmark
    public long closeSession() {
        fixture.p11.closeSession(session);
        return session;
    }
}
