package org.p11plug.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.p11plug.api.ck.CKF;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * {@link SessionCloseBenchmark} against SoftHSMv2: {@code C_CloseSession} of a second session
 * holding {@code objects} session objects (the fixture's own session keeps the login).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(jvmArgsAppend = SoftHsmFixture.JVM_ARGS)
public class SoftHsmSessionCloseBenchmark {
    @Param({"1000", "10000", "100000"})
    int objects;

    private SoftHsmFixture fixture;
    private long session;

    @Setup(Level.Trial)
    public void open() {
        fixture = new SoftHsmFixture();
    }

    @Setup(Level.Invocation)
    public void fill() throws PKCS11Exception {
        session = fixture.p11.C_OpenSession(fixture.slot, CKF.SERIAL_SESSION | CKF.RW_SESSION, null, null);
        for (int i = 0; i < objects; i++) {
            fixture.p11.C_CreateObject(session, SoftHsmObjectBenchmark.template("object-" + i));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        fixture.close();
    }

    @Benchmark
    public long closeSession() throws PKCS11Exception {
        fixture.p11.C_CloseSession(session);
        return session;
    }
}
