package org.p11plug.rpc.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a request body argument by argument in its signature's order, with the decoders the
 * dispatcher uses, and says where its CK_ULONG arguments lie (the tests rewrite handles there).
 */
final class RequestWalker {
    /** Calls whose first argument is a slot id; every other call's first CK_ULONG is a session. */
    static final Set<RpcCall> TAKES_SLOT = EnumSet.of(RpcCall.C_GET_SLOT_INFO, RpcCall.C_GET_TOKEN_INFO,
            RpcCall.C_GET_MECHANISM_LIST, RpcCall.C_GET_MECHANISM_INFO, RpcCall.C_INIT_TOKEN, RpcCall.C_OPEN_SESSION,
            RpcCall.C_CLOSE_ALL_SESSIONS);

    /** A request read to its end: its call, the signature it carried, the offsets of its {@code u} arguments. */
    record Walk(RpcCall call, String signature, List<Integer> ulongOffsets) {}

    private RequestWalker() {
    }

    /** Reads every argument of {@code body}; throws when the body does not follow the call's signature exactly. */
    static Walk walk(byte[] body, MechanismCodec mechanisms) {
        MessageReader in = new MessageReader(body);
        RpcCall call = RpcCall.byId(in.readHeader());
        String sig = call.request;
        List<Integer> ulongs = new ArrayList<>();
        int i = 0;
        while (i < sig.length()) {
            String two = sig.length() - i >= 2 ? sig.substring(i, i + 2) : "";
            switch (two) {
                case "ay" -> in.byteInput();
                case "fy" -> in.bufferCapacity('y');
                case "fu" -> in.bufferCapacity('u');
                case "fA" -> AttributeCodec.readRequests(in);
                case "aA" -> AttributeCodec.readTemplate(in, 0);
                default -> {
                    switch (sig.charAt(i)) {
                        case 'u' -> {
                            ulongs.add(body.length - in.remaining());
                            in.ulong();
                        }
                        case 'y' -> in.byteValue();
                        case 'M' -> mechanisms.read(in);
                        case 'z' -> in.zString();
                        default -> throw new AssertionError(sig);
                    }
                    i++;
                    continue;
                }
            }
            i += 2;
        }
        in.finish();
        return new Walk(call, in.signature(), ulongs);
    }
}
