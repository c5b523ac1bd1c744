package org.p11plug.rpc.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.card.soft.internal.SoftTokenBackend;
import org.p11plug.card.soft.internal.SoftTokenSettings;
import org.p11plug.rpc.internal.Frames.Frame;

/**
 * The captured client traffic replayed against p11plug, set up like the captured SoftHSM (two
 * slots 0x11 and 0x12, the token "t" with user PIN 1234 and an RSA key with CKA_ID 01). Session
 * and object handles are translated as the answers reveal them. Every answer must have the
 * shape of the captured one (the same call answered, or the same error), and where p11plug's
 * answer is the same as SoftHSM's — every answer that carries no handle, text or key material
 * of SoftHSM's own — the bytes must be the same.
 */
class CaptureReplayTest {
    /** Answers that do not depend on whose token it is. */
    private static final Set<RpcCall> SAME_BYTES = EnumSet.of(RpcCall.C_INITIALIZE, RpcCall.C_FINALIZE,
            RpcCall.C_GET_SLOT_LIST, RpcCall.C_LOGIN, RpcCall.C_LOGOUT, RpcCall.C_CLOSE_SESSION,
            RpcCall.C_FIND_OBJECTS_INIT, RpcCall.C_FIND_OBJECTS_FINAL, RpcCall.C_SIGN_INIT,
            RpcCall.C_GET_ATTRIBUTE_VALUE);

    static Path directory;
    static SoftTokenBackend backend;
    static BridgeFixture bridge;

    @BeforeAll
    static void start() throws Exception {
        directory = Files.createTempDirectory("p11plug-replay");
        backend = new SoftTokenBackend(new SoftTokenSettings(directory, 2, 0x11, 4, 32, 10, 10, 64, 1));
        backend.initializeIfNew(0, "t", "12345678".getBytes(StandardCharsets.UTF_8), "1234".getBytes(StandardCharsets.UTF_8));
        bridge = new BridgeFixture(backend, s -> s);
        Pkcs11 p11 = bridge.engine.service("setup").raw();
        long s = p11.openSession(0x11, CKF.SERIAL_SESSION | CKF.RW_SESSION);
        p11.login(s, CKU.USER, "1234".getBytes(StandardCharsets.UTF_8));
        p11.generateKeyPair(s, Mechanism.of(CKM.RSA_PKCS_KEY_PAIR_GEN),
                new RawAttribute[] {RawAttribute.ofLong(CKA.MODULUS_BITS, 2048), RawAttribute.ofBoolean(CKA.TOKEN, true),
                    RawAttribute.of(CKA.ID, new byte[] {1})},
                new RawAttribute[] {RawAttribute.ofBoolean(CKA.TOKEN, true), RawAttribute.ofBoolean(CKA.SIGN, true),
                    RawAttribute.of(CKA.ID, new byte[] {1})});
        p11.closeSession(s);
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "badpin", "sign"})
    void theCapturedTrafficGetsTheCapturedAnswers(String capture) throws Exception {
        List<Frame> requests = Frames.parse(Frames.stream(capture, "c2s"));
        List<Frame> answers = Frames.parse(Frames.stream(capture, "s2c"));
        Map<Long, Long> sessions = new HashMap<>();
        Map<Long, Long> objects = new HashMap<>();
        int same = 0;
        try (TestClient client = TestClient.connect(bridge.socket(), 0)) {
            for (int i = 0; i < requests.size(); i++) {
                byte[] request = translate(requests.get(i).body(), sessions, objects);
                Response captured = new Response(answers.get(i).body());
                byte[] ours = client.roundTrip(request);
                Response answer = new Response(ours);
                RpcCall call = RpcCall.byId(ByteBuffer.wrap(request).getInt(0));
                String where = capture + " #" + i + " " + call;
                assertThat(where, answer.callId, is(captured.callId));
                assertThat(where, answer.rv(), is(captured.rv()));
                learn(call, captured, answer, sessions, objects);
                if (captured.isError() || SAME_BYTES.contains(call)) {
                    assertThat(where, HexFormat.of().formatHex(ours), equalTo(HexFormat.of().formatHex(answers.get(i).body())));
                    same++;
                }
            }
        }
        System.out.println(capture + ": " + same + " of " + requests.size() + " answers the same bytes as SoftHSM's");
        assertThat(capture + ": answers compared byte for byte", same > 2, is(true));
    }

    /** Handles the answers reveal: the captured value maps to ours. */
    private static void learn(RpcCall call, Response captured, Response ours, Map<Long, Long> sessions,
            Map<Long, Long> objects) {
        if (captured.isError()) {
            return;
        }
        if (call == RpcCall.C_OPEN_SESSION) {
            sessions.put(captured.ulong(0), ours.ulong(0));
        } else if (call == RpcCall.C_FIND_OBJECTS) {
            long[] theirs = captured.output(0).values();
            long[] mine = ours.output(0).values();
            assertThat("objects found", mine.length, is(theirs.length));
            for (int k = 0; k < theirs.length; k++) {
                objects.put(theirs[k], mine[k]);
            }
        }
    }

    /** The request with its session and object handles translated to ours. */
    private static byte[] translate(byte[] captured, Map<Long, Long> sessions, Map<Long, Long> objects) {
        byte[] body = captured.clone();
        RequestWalker.Walk walk = RequestWalker.walk(body, new MechanismCodec(0));
        boolean slotFirst = RequestWalker.TAKES_SLOT.contains(walk.call());
        ByteBuffer b = ByteBuffer.wrap(body);
        for (int k = 0; k < walk.ulongOffsets().size(); k++) {
            if (k == 0 && slotFirst) {
                continue; // the slots are the captured ones
            }
            int at = walk.ulongOffsets().get(k);
            Map<Long, Long> map = k == 0 ? sessions : objects;
            Long ours = map.get(b.getLong(at));
            if (ours != null) {
                b.putLong(at, ours);
            }
        }
        return body;
    }
}
