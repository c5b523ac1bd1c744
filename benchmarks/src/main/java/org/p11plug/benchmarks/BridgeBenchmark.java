package org.p11plug.benchmarks;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.raw.AttributeRequest;
import org.p11plug.api.raw.Output;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.rpc.StandaloneBridge;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS;
import sun.security.pkcs11.wrapper.CK_MECHANISM;
import sun.security.pkcs11.wrapper.PKCS11;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * What the native bridge costs: the same calls made in process through the api ({@code api}),
 * by the JDK's own PKCS#11 wrapper through the stock p11-kit-client.so to p11plug's bridge
 * ({@code bridge}), and by that same client to SoftHSMv2 served by {@code p11-kit server}
 * ({@code softhsm-bridge}). {@code api-handoff} makes the in-process calls on another thread
 * and waits for them, as a server thread serves a waiting client: no socket, no protocol, only
 * the hand-off between two threads. Each benchmark is two PKCS#11 calls on every path: C_SignInit and
 * C_Sign, or C_GetAttributeValue for the length and then the value (the JDK's wrapper always
 * asks for the length first, so the api path does too). With {@code -t 8} the threads share the
 * one connection p11-kit-client.so opens, each with a session of its own.
 *
 * <p>p11-kit-client.so reads P11_KIT_SERVER_ADDRESS when it is loaded; a JVM cannot set its own
 * environment through Java, so the fork sets it with libc's setenv (JNA) before loading it. Run
 * through {@code benchmarks/run.sh}, which provides the SoftHSM token {@code bench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = SoftHsmFixture.JVM_ARGS)
public class BridgeBenchmark {
    static final String CLIENT = "/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so";
    static final byte[] P256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};

    @Param({"api", "api-handoff", "bridge", "softhsm-bridge"})
    public String path;

    Target target;
    private EngineFixture engine;
    private StandaloneBridge bridge;
    private Process p11KitServer;
    private Path work;
    final byte[] data = java.util.Arrays.copyOf(CryptoInputs.message(), 100);
    final byte[] digest = java.util.Arrays.copyOf(CryptoInputs.message(), 32);

    /** One session per benchmark thread (closed with all others when the target closes). */
    @State(Scope.Thread)
    public static class ThreadSession {
        long session;

        @Setup(Level.Trial)
        public void open(BridgeBenchmark b) throws Exception {
            session = b.target.openSession();
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        work = Files.createTempDirectory("p11plug-bridge-bench");
        switch (path) {
            case "api" -> {
                engine = EngineFixture.of("heap");
                target = new ApiTarget(engine.p11, engine.slot, EngineFixture.USER_PIN);
            }
            case "api-handoff" -> {
                engine = EngineFixture.of("heap");
                target = new HandoffTarget(new ApiTarget(engine.p11, engine.slot, EngineFixture.USER_PIN));
            }
            case "bridge" -> {
                engine = EngineFixture.of("heap");
                bridge = StandaloneBridge.listen(engine.engine.service("bridge"), work.resolve("p11plug/pkcs11"));
                target = new WrapperTarget(bridge.address(), "bench", SoftHsmFixture.USER_PIN);
            }
            case "softhsm-bridge" -> {
                Path socket = work.resolve("softhsm");
                String softhsm = System.getenv().getOrDefault("SOFTHSM2_LIB", "/usr/lib/softhsm/libsofthsm2.so");
                p11KitServer = new ProcessBuilder("p11-kit", "server", "-f", "--provider", softhsm, "-n",
                        socket.toString(), "pkcs11:token=" + SoftHsmFixture.TOKEN_LABEL).inheritIO().start();
                for (int i = 0; i < 200 && !Files.exists(socket); i++) {
                    Thread.sleep(25);
                }
                target = new WrapperTarget("unix:path=" + socket, SoftHsmFixture.TOKEN_LABEL, SoftHsmFixture.USER_PIN);
            }
            default -> throw new IllegalArgumentException(path);
        }
        target.generateKeys();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        target.close();
        if (bridge != null) {
            bridge.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (p11KitServer != null) {
            p11KitServer.destroy();
            p11KitServer.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Benchmark
    public byte[] getAttributeValue(ThreadSession t) throws Exception {
        return target.attribute(t.session, target.rsaPublic, CKA.MODULUS);
    }

    @Benchmark
    public byte[] signRsa2048(ThreadSession t) throws Exception {
        return target.sign(t.session, CKM.SHA256_RSA_PKCS, target.rsaPrivate, data);
    }

    @Benchmark
    public byte[] signEcdsaP256(ThreadSession t) throws Exception {
        // p11-kit 0.24 carries CKM_ECDSA but not CKM_ECDSA_SHA256: the client hashes, as SunPKCS11 does
        return target.sign(t.session, CKM.ECDSA, target.ecPrivate, digest);
    }

    @Benchmark
    public byte[] signHmacSha256(ThreadSession t) throws Exception {
        return target.sign(t.session, CKM.SHA256_HMAC, target.hmacKey, data);
    }

    /** The calls the benchmarks make, on one path. */
    abstract static class Target implements AutoCloseable {
        long rsaPrivate;
        long rsaPublic;
        long ecPrivate;
        long hmacKey;

        abstract long openSession() throws Exception;

        /** Generates the keys as session objects of one session that stays open. */
        abstract void generateKeys() throws Exception;

        abstract byte[] sign(long session, long mechanism, long key, byte[] data) throws Exception;

        abstract byte[] attribute(long session, long object, long type) throws Exception;
    }

    /** In process, through the api's raw layer. */
    static final class ApiTarget extends Target {
        final Pkcs11 p11;
        private final long slot;
        private final long keySession;

        ApiTarget(Pkcs11 p11, long slot, byte[] pin) {
            this.p11 = p11;
            this.slot = slot;
            keySession = p11.openSession(slot, CKF.SERIAL_SESSION | CKF.RW_SESSION);
            p11.login(keySession, CKU.USER, pin.clone());
        }

        @Override
        long openSession() {
            return p11.openSession(slot, CKF.SERIAL_SESSION | CKF.RW_SESSION);
        }

        @Override
        void generateKeys() {
            long[] rsa = p11.generateKeyPair(keySession, Mechanism.of(CKM.RSA_PKCS_KEY_PAIR_GEN),
                    new RawAttribute[] {RawAttribute.ofLong(CKA.MODULUS_BITS, 2048), RawAttribute.ofBoolean(CKA.VERIFY, true)},
                    new RawAttribute[] {RawAttribute.ofBoolean(CKA.SIGN, true)});
            rsaPublic = rsa[0];
            rsaPrivate = rsa[1];
            ecPrivate = p11.generateKeyPair(keySession, Mechanism.of(CKM.EC_KEY_PAIR_GEN),
                    new RawAttribute[] {RawAttribute.of(CKA.EC_PARAMS, P256)},
                    new RawAttribute[] {RawAttribute.ofBoolean(CKA.SIGN, true)})[1];
            hmacKey = p11.generateKey(keySession, Mechanism.of(CKM.GENERIC_SECRET_KEY_GEN), new RawAttribute[] {
                RawAttribute.ofLong(CKA.VALUE_LEN, 32), RawAttribute.ofBoolean(CKA.SIGN, true)});
        }

        @Override
        byte[] sign(long session, long mechanism, long key, byte[] data) {
            p11.signInit(session, Mechanism.of(mechanism), key);
            return p11.sign(session, data, 1024).data();
        }

        @Override
        byte[] attribute(long session, long object, long type) {
            long length = p11.getAttributeValue(session, object,
                    new AttributeRequest[] {new AttributeRequest(type, Output.NULL_BUFFER)}).get(0).length();
            return p11.getAttributeValue(session, object, new AttributeRequest[] {new AttributeRequest(type, length)})
                    .get(0).value();
        }

        @Override
        public void close() {
            p11.closeAllSessions(slot);
        }
    }

    /** In process, but each call made by another thread while the caller waits. */
    static final class HandoffTarget extends Target {
        private final ApiTarget api;
        private final java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "handoff");
            t.setDaemon(true);
            return t;
        });

        HandoffTarget(ApiTarget api) {
            this.api = api;
        }

        @Override
        long openSession() {
            return api.openSession();
        }

        @Override
        void generateKeys() {
            api.generateKeys();
            rsaPrivate = api.rsaPrivate;
            rsaPublic = api.rsaPublic;
            ecPrivate = api.ecPrivate;
            hmacKey = api.hmacKey;
        }

        @Override
        byte[] sign(long session, long mechanism, long key, byte[] data) throws Exception {
            thread.submit(() -> api.p11.signInit(session, Mechanism.of(mechanism), key)).get();
            return thread.submit(() -> api.p11.sign(session, data, 1024).data()).get();
        }

        @Override
        byte[] attribute(long session, long object, long type) throws Exception {
            long length = thread.submit(() -> api.p11.getAttributeValue(session, object,
                    new AttributeRequest[] {new AttributeRequest(type, Output.NULL_BUFFER)}).get(0).length()).get();
            return thread.submit(() -> api.p11.getAttributeValue(session, object,
                    new AttributeRequest[] {new AttributeRequest(type, length)}).get(0).value()).get();
        }

        @Override
        public void close() {
            thread.shutdownNow();
            api.close();
        }
    }

    /** The JDK's PKCS#11 wrapper over p11-kit-client.so, reaching the server at {@code address}. */
    static final class WrapperTarget extends Target {
        private final PKCS11 p11;
        private final long slot;
        private final long keySession;

        WrapperTarget(String address, String label, char[] pin) throws IOException, PKCS11Exception {
            if (LibC.INSTANCE.setenv("P11_KIT_SERVER_ADDRESS", address, 1) != 0) {
                throw new IllegalStateException("setenv failed");
            }
            CK_C_INITIALIZE_ARGS args = new CK_C_INITIALIZE_ARGS();
            args.flags = CKF.OS_LOCKING_OK;
            p11 = PKCS11.getInstance(CLIENT, "C_GetFunctionList", args, false);
            slot = findSlot(p11, label);
            keySession = p11.C_OpenSession(slot, CKF.SERIAL_SESSION | CKF.RW_SESSION, null, null);
            p11.C_Login(keySession, CKU.USER, pin);
        }

        private static long findSlot(PKCS11 p11, String label) throws PKCS11Exception {
            for (long s : p11.C_GetSlotList(true)) {
                if (new String(p11.C_GetTokenInfo(s).label).trim().equals(label)) {
                    return s;
                }
            }
            throw new IllegalStateException("no token '" + label + "' through p11-kit-client.so");
        }

        @Override
        long openSession() throws PKCS11Exception {
            long s = p11.C_OpenSession(slot, CKF.SERIAL_SESSION | CKF.RW_SESSION, null, null);
            sessions.add(s);
            return s;
        }

        @Override
        void generateKeys() throws PKCS11Exception {
            long[] rsa = p11.C_GenerateKeyPair(keySession, new CK_MECHANISM(CKM.RSA_PKCS_KEY_PAIR_GEN),
                    new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA.MODULUS_BITS, 2048L), new CK_ATTRIBUTE(CKA.VERIFY, true),
                        new CK_ATTRIBUTE(CKA.PUBLIC_EXPONENT, new byte[] {1, 0, 1}), new CK_ATTRIBUTE(CKA.TOKEN, false)},
                    new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA.SIGN, true), new CK_ATTRIBUTE(CKA.TOKEN, false)});
            rsaPublic = rsa[0];
            rsaPrivate = rsa[1];
            ecPrivate = p11.C_GenerateKeyPair(keySession, new CK_MECHANISM(CKM.EC_KEY_PAIR_GEN),
                    new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA.EC_PARAMS, P256), new CK_ATTRIBUTE(CKA.TOKEN, false)},
                    new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA.SIGN, true), new CK_ATTRIBUTE(CKA.TOKEN, false)})[1];
            hmacKey = p11.C_GenerateKey(keySession, new CK_MECHANISM(CKM.GENERIC_SECRET_KEY_GEN), new CK_ATTRIBUTE[] {
                new CK_ATTRIBUTE(CKA.CLASS, CKO.SECRET_KEY), new CK_ATTRIBUTE(CKA.KEY_TYPE, CKK.GENERIC_SECRET),
                new CK_ATTRIBUTE(CKA.VALUE_LEN, 32L), new CK_ATTRIBUTE(CKA.SIGN, true), new CK_ATTRIBUTE(CKA.TOKEN, false)});
        }

        @Override
        byte[] sign(long session, long mechanism, long key, byte[] data) throws PKCS11Exception {
            p11.C_SignInit(session, new CK_MECHANISM(mechanism), key);
            return p11.C_Sign(session, data);
        }

        @Override
        byte[] attribute(long session, long object, long type) throws PKCS11Exception {
            CK_ATTRIBUTE[] template = {new CK_ATTRIBUTE(type)};
            p11.C_GetAttributeValue(session, object, template);
            return template[0].getByteArray();
        }

        /** The JDK's wrapper has no C_CloseAllSessions: the sessions are remembered. */
        private final java.util.List<Long> sessions = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        @Override
        public void close() throws PKCS11Exception {
            for (long s : sessions) {
                p11.C_CloseSession(s);
            }
            p11.C_CloseSession(keySession);
        }
    }

    /** libc's setenv, for the one variable p11-kit-client.so reads when it is loaded. */
    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int setenv(String name, String value, int overwrite);
    }
}
