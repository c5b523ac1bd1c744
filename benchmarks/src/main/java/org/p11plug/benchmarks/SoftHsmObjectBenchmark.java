package org.p11plug.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
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
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKO;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * {@link SessionObjectBenchmark} against SoftHSMv2: the same objects, labels and method names, so
 * that the report puts the two side by side. SoftHSM finds by scanning every object (about 45 ms
 * per find at 10,000 objects on the development machine), hence the smaller sizes; larger ones with
 * {@code -p objects=100000}. Not named SoftHsmSessionObjectBenchmark so that the JMH pattern
 * {@code SessionObjectBenchmark} (docs/benchmarks.md) still selects the engine side alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(jvmArgsAppend = SoftHsmFixture.JVM_ARGS)
public class SoftHsmObjectBenchmark {
    @Param({"10000", "50000"})
    int objects;

    private SoftHsmFixture fixture;

    @Setup(Level.Trial)
    public void setUp() throws PKCS11Exception {
        fixture = new SoftHsmFixture();
        for (int i = 0; i < objects; i++) {
            fixture.p11.C_CreateObject(fixture.session, template("object-" + i));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    static CK_ATTRIBUTE[] template(String label) {
        return new CK_ATTRIBUTE[] {
            new CK_ATTRIBUTE(CKA.CLASS, CKO.DATA),
            new CK_ATTRIBUTE(CKA.TOKEN, false),
            new CK_ATTRIBUTE(CKA.LABEL, label.getBytes(StandardCharsets.UTF_8)),
            new CK_ATTRIBUTE(CKA.VALUE, new byte[32])
        };
    }

    /** C_FindObjectsInit + C_FindObjects + C_FindObjectsFinal for one label among {@code objects}. */
    @Benchmark
    public long findByLabel() throws PKCS11Exception {
        String label = "object-" + ThreadLocalRandom.current().nextInt(objects);
        fixture.p11.C_FindObjectsInit(fixture.session,
                new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA.LABEL, label.getBytes(StandardCharsets.UTF_8))});
        long[] found = fixture.p11.C_FindObjects(fixture.session, 10);
        fixture.p11.C_FindObjectsFinal(fixture.session);
        if (found.length != 1) {
            throw new IllegalStateException(label + " found " + found.length + " times");
        }
        return found[0];
    }

    /** C_CreateObject + C_DestroyObject of one session object, with {@code objects} others alive. */
    @Benchmark
    public long createDestroy() throws PKCS11Exception {
        long h = fixture.p11.C_CreateObject(fixture.session, template("transient"));
        fixture.p11.C_DestroyObject(fixture.session, h);
        return h;
    }
}
