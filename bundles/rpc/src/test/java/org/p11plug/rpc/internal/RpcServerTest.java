package org.p11plug.rpc.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p11plug.api.CkVersion;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.raw.AttributeResult;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.api.raw.Ulong;

/** The bridge over a real socket, driven by a Java client that lays out frames as p11-kit 0.24 does. */
class RpcServerTest {
    static final byte[] P256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};

    static BridgeFixture bridge;

    @BeforeAll
    static void start() throws IOException {
        bridge = new BridgeFixture();
    }

    @AfterAll
    static void stop() throws IOException {
        bridge.close();
    }

    @Test
    void theServerAnswersVersionZeroWhateverTheClientSpeaks() throws Exception {
        for (int version : new int[] {0, 1, 2, 7}) {
            try (TestClient c = TestClient.connect(bridge.socket(), version)) {
                assertThat(c.serverVersion(), is(0));
                c.initialize();
            }
        }
    }

    @Test
    void callsBeforeInitializeAnswerNotInitializedAndAForeignHandshakeIsRefused() throws Exception {
        try (TestClient c = TestClient.connect(bridge.socket(), 0)) {
            assertThat(c.call(new Request(RpcCall.C_GET_INFO)).rv(), is(CKR.CRYPTOKI_NOT_INITIALIZED));
            Response foreign = c.call(new Request(RpcCall.C_INITIALIZE).ay("HELLO".getBytes()).y(0).ay(new byte[] {0}));
            assertThat(foreign.rv(), is(CKR.GENERAL_ERROR));
            c.initialize();
            Response again = c.call(new Request(RpcCall.C_INITIALIZE).ay(TestClient.HANDSHAKE).y(0).ay(new byte[] {0}));
            assertThat(again.rv(), is(CKR.CRYPTOKI_ALREADY_INITIALIZED));
            ok(c.call(new Request(RpcCall.C_FINALIZE)));
            assertThat(c.call(new Request(RpcCall.C_GET_INFO)).rv(), is(CKR.CRYPTOKI_NOT_INITIALIZED));
        }
    }

    @Test
    void theModuleSays240() throws Exception {
        try (TestClient c = TestClient.initialized(bridge.socket())) {
            Response info = ok(c.call(new Request(RpcCall.C_GET_INFO)));
            assertThat(info.values.get(0), is(new CkVersion(2, 40)));
            assertThat(((byte[]) info.values.get(1)).length, is(32));
        }
    }

    @Test
    void listsFollowTheLengthQueryAndTooSmallConventions() throws Exception {
        try (TestClient c = TestClient.initialized(bridge.socket())) {
            Response query = ok(c.call(new Request(RpcCall.C_GET_SLOT_LIST).y(1).f(0)));
            assertThat(query.output(0).valid(), is(false));
            assertThat(query.output(0).length(), is(1L));
            Response list = ok(c.call(new Request(RpcCall.C_GET_SLOT_LIST).y(1).f(1)));
            assertThat(list.output(0).values(), equalTo(new long[] {BridgeFixture.SLOT}));

            Response mechanisms = ok(c.call(new Request(RpcCall.C_GET_MECHANISM_LIST).u(BridgeFixture.SLOT).f(0)));
            long count = mechanisms.output(0).length();
            Response tooSmall = ok(c.call(new Request(RpcCall.C_GET_MECHANISM_LIST).u(BridgeFixture.SLOT).f(count - 1)));
            assertThat(tooSmall.output(0).valid(), is(false));
            assertThat(tooSmall.output(0).length(), is(count));
            Response all = ok(c.call(new Request(RpcCall.C_GET_MECHANISM_LIST).u(BridgeFixture.SLOT).f(count)));
            assertThat("a size query counts what a filled buffer gets", (long) all.output(0).values().length, is(count));
        }
    }

    @Test
    void eachClientSeesOnlyTheMechanismsItsProtocolCarries() throws Exception {
        long[] v0 = mechanisms(0);
        long[] v2 = mechanisms(2);
        assertThat(contains(v0, CKM.RSA_PKCS), is(true));
        assertThat(contains(v0, CKM.RSA_PKCS_PSS), is(true));
        assertThat(contains(v0, CKM.ECDSA), is(true));
        assertThat(contains(v0, CKM.SHA256), is(true));
        assertThat("p11-kit 0.24 cannot carry a GCM parameter", contains(v0, CKM.AES_GCM), is(false));
        assertThat(contains(v0, CKM.ECDSA_SHA256), is(false));
        assertThat(contains(v0, CKM.SHA256_RSA_PKCS_PSS), is(false));
        assertThat(contains(v2, CKM.AES_GCM), is(true));
        assertThat(contains(v2, CKM.ECDSA_SHA256), is(true));
        assertThat(contains(v2, CKM.SHA256_RSA_PKCS_PSS), is(true));
        assertThat("EdDSA has no serializer in any p11-kit", contains(v2, CKM.EDDSA), is(false));
        try (TestClient c = TestClient.initialized(bridge.socket())) {
            Response info = c.call(new Request(RpcCall.C_GET_MECHANISM_INFO).u(BridgeFixture.SLOT).u(CKM.AES_GCM));
            assertThat(info.rv(), is(CKR.MECHANISM_INVALID));
            Response badSlot = c.call(new Request(RpcCall.C_GET_MECHANISM_INFO).u(4242).u(CKM.AES_GCM));
            assertThat(badSlot.rv(), is(CKR.SLOT_ID_INVALID));
            ok(c.call(new Request(RpcCall.C_GET_MECHANISM_INFO).u(BridgeFixture.SLOT).u(CKM.ECDSA)));
        }
    }

    @Test
    void signingFollowsTheOutputConventionAndTheSignatureVerifies() throws Exception {
        try (TestClient c = TestClient.initialized(bridge.socket())) {
            long s = openSession(c);
            login(c, s);
            long[] pair = ecKeyPair(c, s);
            byte[] data = new byte[32];
            ok(c.call(new Request(RpcCall.C_SIGN_INIT).u(s).mechanism(CKM.ECDSA).u(pair[1])));
            Response query = ok(c.call(new Request(RpcCall.C_SIGN).u(s).ay(data).f(0)));
            assertThat(query.output(0).valid(), is(false));
            assertThat(query.output(0).length(), is(64L));
            Response small = ok(c.call(new Request(RpcCall.C_SIGN).u(s).ay(data).f(10)));
            assertThat("too small is not an ERROR", small.output(0).valid(), is(false));
            assertThat(small.output(0).length(), is(64L));
            Response signed = ok(c.call(new Request(RpcCall.C_SIGN).u(s).ay(data).f(64)));
            byte[] signature = signed.output(0).data();
            assertThat(signature.length, is(64));

            ok(c.call(new Request(RpcCall.C_VERIFY_INIT).u(s).mechanism(CKM.ECDSA).u(pair[0])));
            ok(c.call(new Request(RpcCall.C_VERIFY).u(s).ay(data).ay(signature)));
            signature[5] ^= 1;
            ok(c.call(new Request(RpcCall.C_VERIFY_INIT).u(s).mechanism(CKM.ECDSA).u(pair[0])));
            assertThat(c.call(new Request(RpcCall.C_VERIFY).u(s).ay(data).ay(signature)).rv(),
                    is(CKR.SIGNATURE_INVALID));
        }
    }

    @Test
    void aZeroLengthOutputEndsTheOperation() throws Exception {
        try (TestClient c = TestClient.initialized(bridge.socket())) {
            long s = openSession(c);
            login(c, s);
            long key = aesKey(c, s);
            ok(c.call(new Request(RpcCall.C_ENCRYPT_INIT).u(s).mechanism(CKM.AES_ECB).u(key)));
            Response update = ok(c.call(new Request(RpcCall.C_ENCRYPT_UPDATE).u(s).ay(new byte[16]).f(16)));
            assertThat(update.output(0).data().length, is(16));
            Response last = ok(c.call(new Request(RpcCall.C_ENCRYPT_FINAL).u(s).f(0)));
            assertThat("0 bytes come back as data, so a 0-length buffer is not too small",
                    last.output(0).valid(), is(true));
            assertThat(last.output(0).data().length, is(0));
            ok(c.call(new Request(RpcCall.C_ENCRYPT_INIT).u(s).mechanism(CKM.AES_ECB).u(key)));

            Response random = ok(c.call(new Request(RpcCall.C_GENERATE_RANDOM).u(s).f(0)));
            assertThat(random.output(0).valid(), is(true));
            assertThat(random.output(0).data().length, is(0));
            assertThat(ok(c.call(new Request(RpcCall.C_GENERATE_RANDOM).u(s).f(33))).output(0).data().length, is(33));
            assertThat(c.call(new Request(RpcCall.C_GENERATE_RANDOM).u(s).f(0xffffffffL)).rv(), is(CKR.DEVICE_MEMORY));
        }
    }

    @Test
    void attributeValuesFollowTheTableOfTheProtocol() throws Exception {
        try (TestClient c = TestClient.initialized(bridge.socket())) {
            long s = openSession(c);
            ok(c.call(new Request(RpcCall.C_LOGIN).u(s).u(CKU.USER).ay(BridgeFixture.USER_PIN)));
            long[] pair = ecKeyPair(c, s);
            Response r = ok(c.call(new Request(RpcCall.C_GET_ATTRIBUTE_VALUE).u(s).u(pair[1]).attributeRequests(
                    CKA.CLASS, 8, CKA.LABEL, 0, CKA.LABEL, 1, CKA.VALUE, 64, 0xcf534301L, 8, CKA.SIGN, 1,
                    CKA.EC_PARAMS, 100)));
            List<AttributeResult> a = r.attributes(0);
            assertThat(a.size(), is(7));
            assertThat(Ulong.decode(a.get(0).value()), is(CKO.PRIVATE_KEY));
            assertThat(a.get(0).length(), is(8L));
            assertThat("a length query answers the length", a.get(1).length(), is(6L));
            assertThat(a.get(1).value(), nullValue());
            assertThat("too small", a.get(2).ok(), is(false));
            assertThat("sensitive", a.get(3).ok(), is(false));
            assertThat("unknown vendor type", a.get(4).ok(), is(false));
            assertThat(a.get(5).value(), equalTo(new byte[] {1}));
            assertThat(a.get(6).value(), equalTo(P256));
            assertThat("the most severe code comes back", r.ulong(1), is(CKR.ATTRIBUTE_SENSITIVE));

            Response small = ok(c.call(new Request(RpcCall.C_GET_ATTRIBUTE_VALUE).u(s).u(pair[1])
                    .attributeRequests(CKA.LABEL, 1)));
            assertThat(small.ulong(1), is(CKR.BUFFER_TOO_SMALL));
            assertThat(c.call(new Request(RpcCall.C_GET_ATTRIBUTE_VALUE).u(s).u(999_999).attributeRequests(CKA.CLASS, 8))
                    .rv(), is(CKR.OBJECT_HANDLE_INVALID));
        }
    }

    @Test
    void sessionsArePrivateToTheirConnectionAndTheEndOfAConnectionFinalizes() throws Exception {
        bridge.awaitIdle();
        int applications = bridge.idleApplications;
        long objects = bridge.engine.status().sessionObjectCount();
        try (TestClient a = TestClient.initialized(bridge.socket());
                TestClient b = TestClient.initialized(bridge.socket())) {
            long sa = openSession(a);
            ok(a.call(new Request(RpcCall.C_LOGIN).u(sa).u(CKU.USER).ay(BridgeFixture.USER_PIN)));
            ecKeyPair(a, sa);
            assertThat(bridge.engine.status().sessionObjectCount(), is(objects + 2));
            assertThat(b.call(new Request(RpcCall.C_GET_SESSION_INFO).u(sa)).rv(), is(CKR.SESSION_HANDLE_INVALID));
            long sb = openSession(b);
            Response info = ok(b.call(new Request(RpcCall.C_GET_SESSION_INFO).u(sb)));
            assertThat("a's login is not b's", info.ulong(1), is(org.p11plug.api.ck.CKS.RW_PUBLIC_SESSION));
            assertThat(bridge.engine.status().applicationCount(), is(applications + 2));
        }
        bridge.awaitIdle();
        assertThat(bridge.engine.status().sessionObjectCount(), is(objects));
    }

    @Test
    void aBadRequestCostsOnlyItsCall() throws Exception {
        try (TestClient c = TestClient.initialized(bridge.socket())) {
            long s = openSession(c);
            assertThat(new Response(c.roundTrip(new Request(70, "uu").u(s).u(0).body())).rv(),
                    is(CKR.FUNCTION_NOT_SUPPORTED));
            assertThat(new Response(c.roundTrip(new Request(RpcCall.C_CLOSE_SESSION.id(), "y").y(1).body())).rv(),
                    is(CKR.DEVICE_ERROR));
            byte[] truncated = new Request(RpcCall.C_GET_SESSION_INFO).u(s).body();
            assertThat(new Response(c.roundTrip(Arrays.copyOf(truncated, truncated.length - 3))).rv(),
                    is(CKR.DEVICE_ERROR));
            byte[] trailing = Arrays.copyOf(new Request(RpcCall.C_CLOSE_SESSION).u(s).body(), truncated.length + 1);
            assertThat("trailing bytes: refused before anything runs", new Response(c.roundTrip(trailing)).rv(),
                    is(CKR.DEVICE_ERROR));
            byte[] hugeCount = new Request(RpcCall.C_FIND_OBJECTS_INIT).u(s).uint32(0x7ffffff0L).body();
            assertThat(new Response(c.roundTrip(hugeCount)).rv(), is(CKR.DEVICE_ERROR));
            assertThat(c.call(new Request(RpcCall.C_SIGN).u(s).ayNull(5).f(0)).rv(), is(CKR.ARGUMENTS_BAD));
            assertThat(c.call(new Request(RpcCall.C_SIGN).u(s).ay(new byte[1]).f(0)).rv(),
                    is(CKR.OPERATION_NOT_INITIALIZED));
            assertThat(c.call(new Request(RpcCall.C_LOGIN).u(s).u(CKU.USER).ay("wrong".getBytes())).rv(),
                    is(CKR.PIN_INCORRECT));
            ok(c.call(new Request(RpcCall.C_LOGIN).u(s).u(CKU.USER).ay(BridgeFixture.USER_PIN)));
            ok(c.call(new Request(RpcCall.C_GET_SESSION_INFO).u(s)));
        }
    }

    @Test
    void anOversizedFrameClosesOnlyItsOwnConnection() throws Exception {
        try (TestClient good = TestClient.initialized(bridge.socket());
                TestClient bad = TestClient.initialized(bridge.socket())) {
            long s = openSession(good);
            bad.sendRaw(new byte[] {0, 0, 0, 0x40, 0, 0, 0, 0, 0x7f, 0, 0, 0});
            assertThat(bad.closedByServer(), is(true));
            ok(good.call(new Request(RpcCall.C_GET_SESSION_INFO).u(s)));
        }
    }

    @Test
    void aClientGoneInTheMiddleOfABodyIsFinalized() throws Exception {
        bridge.awaitIdle();
        int applications = bridge.idleApplications;
        long objects = bridge.engine.status().sessionObjectCount();
        try (TestClient c = TestClient.initialized(bridge.socket())) {
            long s = openSession(c);
            ok(c.call(new Request(RpcCall.C_LOGIN).u(s).u(CKU.USER).ay(BridgeFixture.USER_PIN)));
            ecKeyPair(c, s);
            // a header promising a 100-byte body, then 10 bytes of it, then the client is gone
            c.sendRaw(new byte[] {0, 0, 0, (byte) RpcCall.C_GET_SESSION_INFO.id(), 0, 0, 0, 0, 0, 0, 0, 100,
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        }
        bridge.awaitIdle();
        assertThat(bridge.engine.status().applicationCount(), is(applications));
        assertThat("its session objects went with it", bridge.engine.status().sessionObjectCount(), is(objects));
    }

    @Test
    void newerClientsMechanismLayoutsAreReadByTheirVersionByte() throws Exception {
        byte[] iv = new byte[16];
        try (TestClient v1 = TestClient.connect(bridge.socket(), 1)) {
            v1.initialize();
            long s = openSession(v1);
            login(v1, s);
            long key = aesKey(v1, s);
            // p11-kit 0.25.0-0.25.5: the type, then the IV as a byte array
            ok(v1.call(new Request(RpcCall.C_ENCRYPT_INIT).u(s).uint32(CKM.AES_CBC_PAD).array(iv).u(key)));
            Response out = ok(v1.call(new Request(RpcCall.C_ENCRYPT).u(s).ay(new byte[5]).f(64)));
            assertThat(out.output(0).data().length, is(16));
        }
        try (TestClient v2 = TestClient.connect(bridge.socket(), 2)) {
            v2.initialize();
            long s = openSession(v2);
            login(v2, s);
            long key = aesKey(v2, s);
            // p11-kit 0.25.6+: no-parameter mechanisms are the type alone
            ok(v2.call(new Request(RpcCall.C_DIGEST_INIT).u(s).uint32(CKM.SHA256)));
            Response digest = ok(v2.call(new Request(RpcCall.C_DIGEST).u(s).ay("abc".getBytes()).f(32)));
            assertThat(digest.output(0).data()[0], is((byte) 0xba));
            // the others: a has_param byte, then GCM's IV, IV bits, AAD and tag bits
            ok(v2.call(new Request(RpcCall.C_ENCRYPT_INIT).u(s).uint32(CKM.AES_GCM).y(1).array(new byte[12]).u(96)
                    .array(new byte[] {1, 2}).u(128).u(key)));
            Response sealed = ok(v2.call(new Request(RpcCall.C_ENCRYPT).u(s).ay(new byte[3]).f(64)));
            assertThat(sealed.output(0).data().length, is(3 + 16));
            assertThat("a mechanism the client could not send", v2.call(new Request(RpcCall.C_DIGEST_INIT).u(s)
                    .uint32(CKM.EDDSA)).rv(), is(CKR.MECHANISM_INVALID));
        }
        try (TestClient v0 = TestClient.initialized(bridge.socket())) {
            long s = openSession(v0);
            assertThat("0.24 cannot carry GCM", v0.call(new Request(RpcCall.C_DIGEST_INIT).u(s)
                    .uint32(CKM.AES_GCM).nullArray()).rv(), is(CKR.MECHANISM_INVALID));
        }
    }

    @Test
    void aClientsThreadsShareItsConnectionAndABlockingWaitHoldsOnlyItself() throws Exception {
        try (TestClient c = TestClient.initialized(bridge.socket())) {
            Response none = c.call(new Request(RpcCall.C_WAIT_FOR_SLOT_EVENT).u(CKF.DONT_BLOCK));
            assertThat(none.rv(), is(CKR.NO_EVENT));
            CompletableFuture<byte[]> blocked = c.submit(new Request(RpcCall.C_WAIT_FOR_SLOT_EVENT).u(0).body());
            long s = openSession(c);
            login(c, s);
            long[] pair = ecKeyPair(c, s);
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    work.add(threads.submit(() -> {
                        long own = openSession(c);
                        for (int i = 0; i < 50; i++) {
                            ok(c.call(new Request(RpcCall.C_SIGN_INIT).u(own).mechanism(CKM.ECDSA).u(pair[1])));
                            assertThat(ok(c.call(new Request(RpcCall.C_SIGN).u(own).ay(new byte[32]).f(64)))
                                    .output(0).data().length, is(64));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat("the wait is still waiting", blocked.isDone(), is(false));
        }
        bridge.awaitIdle();
    }

    @Test
    void theDefaultSocketIsPrivate() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bridge.socket())), is("rw-------"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bridge.socket().getParent())),
                is("rwx------"));
    }

    @Test
    void theClientDefaultPathIsFoundAsP11KitFindsIt() {
        assertThat(SocketPaths.clientDefault(java.util.Map.of("XDG_RUNTIME_DIR", "/x"), 0, "/h").toString(),
                is("/x/p11-kit/pkcs11"));
        assertThat(SocketPaths.clientDefault(java.util.Map.of("XDG_CACHE_HOME", "/c"), 4_000_000, "/h").toString(),
                is("/c/p11-kit/pkcs11"));
        assertThat(SocketPaths.clientDefault(java.util.Map.of(), 4_000_000, "/h").toString(),
                is("/h/.cache/p11-kit/pkcs11"));
    }

    // ---- helpers ----

    static Response ok(Response r) {
        assertThat("CK_RV " + CKR.nameOf(r.rv()), r.rv(), is(CKR.OK));
        return r;
    }

    static void login(TestClient c, long session) throws IOException {
        ok(c.call(new Request(RpcCall.C_LOGIN).u(session).u(CKU.USER).ay(BridgeFixture.USER_PIN)));
    }

    static long openSession(TestClient c) throws IOException {
        return ok(c.call(new Request(RpcCall.C_OPEN_SESSION).u(BridgeFixture.SLOT)
                .u(CKF.SERIAL_SESSION | CKF.RW_SESSION))).ulong(0);
    }

    static long[] ecKeyPair(TestClient c, long session) throws IOException {
        Response r = ok(c.call(new Request(RpcCall.C_GENERATE_KEY_PAIR).u(session).mechanism(CKM.EC_KEY_PAIR_GEN)
                .template(RawAttribute.of(CKA.EC_PARAMS, P256), RawAttribute.ofBoolean(CKA.VERIFY, true))
                .template(RawAttribute.ofBoolean(CKA.SIGN, true), RawAttribute.ofUtf8(CKA.LABEL, "bridge"),
                        RawAttribute.ofBoolean(CKA.SENSITIVE, true))));
        return new long[] {r.ulong(0), r.ulong(1)};
    }

    static long aesKey(TestClient c, long session) throws IOException {
        Request r = new Request(RpcCall.C_GENERATE_KEY).u(session);
        if (c.clientVersion() >= 2) {
            r.uint32(CKM.AES_KEY_GEN);
        } else {
            r.mechanism(CKM.AES_KEY_GEN);
        }
        return ok(c.call(r
                .template(RawAttribute.ofLong(CKA.VALUE_LEN, 16), RawAttribute.ofBoolean(CKA.ENCRYPT, true),
                        RawAttribute.ofLong(CKA.KEY_TYPE, CKK.AES)))).ulong(0);
    }

    private static long[] mechanisms(int version) throws IOException {
        try (TestClient c = TestClient.connect(bridge.socket(), version)) {
            c.initialize();
            return ok(c.call(new Request(RpcCall.C_GET_MECHANISM_LIST).u(BridgeFixture.SLOT).f(1000))).output(0).values();
        }
    }

    private static boolean contains(long[] values, long v) {
        return Arrays.stream(values).anyMatch(x -> x == v);
    }

}
