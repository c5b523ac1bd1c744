package org.p11plug.rpc.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.rpc.internal.Frames.Frame;

/**
 * The codec against real p11-kit 0.24.1 traffic (the captures of
 * shared/reference/p11-kit-rpc, copied into the test resources): every request decodes
 * exactly through the server's own decoders, and every response, decoded the client's way,
 * encodes again through the server's encoder to the very same bytes.
 */
class CaptureCodecTest {
    static List<String> captures() throws Exception {
        List<String> names = Frames.captureNames();
        assertThat(names, hasSize(greaterThan(7)));
        return names;
    }

    @ParameterizedTest
    @MethodSource("captures")
    void everyRequestDecodesExactly(String capture) throws Exception {
        byte[] stream = Frames.stream(capture, "c2s");
        assertThat("client version byte", stream[0] & 0xff, is(0));
        List<Frame> frames = Frames.parse(stream);
        assertThat(frames.size(), greaterThan(0));
        MechanismCodec mechanisms = new MechanismCodec(0);
        for (Frame f : frames) {
            assertThat(new String(f.options()), is("client"));
            RequestWalker.Walk walk = RequestWalker.walk(f.body(), mechanisms);
            assertThat(walk.signature(), is(walk.call().request));
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void everyResponseReencodesByteForByte(String capture) throws Exception {
        List<Frame> requests = Frames.parse(Frames.stream(capture, "c2s"));
        List<Frame> responses = Frames.parse(Frames.stream(capture, "s2c"));
        assertThat(responses.size(), is(requests.size()));
        for (int i = 0; i < responses.size(); i++) {
            Frame response = responses.get(i);
            assertThat("codes are echoed", response.code(), is(requests.get(i).code()));
            Response decoded = new Response(response.body());
            if (!decoded.isError()) {
                RpcCall call = RpcCall.byId(decoded.callId);
                assertThat(decoded.signature, is(call.response));
                assertThat(call.id(), is((int) new MessageReader(requests.get(i).body()).readHeader()));
            }
            assertThat(capture + " response " + i + " (" + RpcCall.byId(decoded.callId) + ")",
                    HexFormat.of().formatHex(decoded.reencode()), equalTo(HexFormat.of().formatHex(response.body())));
        }
    }
}
