package org.p11plug.benchmarks;

import java.security.GeneralSecurityException;
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

/**
 * The crypto operations done by a library directly, without PKCS#11 ({@code provider}: the JDK's
 * providers or Bouncy Castle's lightweight API): what the engine and SoftHSM add to the primitive.
 * Method names are those of {@link SoftHsmCryptoBenchmark} so that the report pairs them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RawPrimitiveBenchmark {
    @Param({"jdk", "bc"})
    String provider;

    private final byte[] message = CryptoInputs.message();
    private Primitives primitives;
    private byte[] rsaSignature;
    private byte[] ecdsaSignature;
    private long encryptions;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        primitives = switch (provider) {
            case "jdk" -> new JdkPrimitives();
            case "bc" -> new BouncyCastlePrimitives();
            default -> throw new IllegalArgumentException("provider is jdk or bc, not " + provider);
        };
        rsaSignature = primitives.signRsa2048(message);
        ecdsaSignature = primitives.signEcdsaP256(message);
    }

    @Benchmark
    public byte[] signRsa2048() throws GeneralSecurityException {
        return primitives.signRsa2048(message);
    }

    @Benchmark
    public boolean verifyRsa2048() throws GeneralSecurityException {
        return verified(primitives.verifyRsa2048(message, rsaSignature));
    }

    @Benchmark
    public byte[] signEcdsaP256() throws GeneralSecurityException {
        return primitives.signEcdsaP256(message);
    }

    @Benchmark
    public boolean verifyEcdsaP256() throws GeneralSecurityException {
        return verified(primitives.verifyEcdsaP256(message, ecdsaSignature));
    }

    @Benchmark
    public byte[] signEd25519() throws GeneralSecurityException {
        return primitives.signEd25519(message);
    }

    @Benchmark
    public byte[] hmacSha256() throws GeneralSecurityException {
        return primitives.hmacSha256(message);
    }

    /** A new IV each time, as GCM requires (see {@link CryptoInputs#gcmIv}). */
    @Benchmark
    public byte[] encryptAesGcm1k() throws GeneralSecurityException {
        return primitives.encryptAesGcm(CryptoInputs.gcmIv(++encryptions), message);
    }

    /** A verification that fails would measure the wrong path: stop instead. */
    private static boolean verified(boolean valid) {
        if (!valid) {
            throw new IllegalStateException("signature did not verify");
        }
        return true;
    }
}
