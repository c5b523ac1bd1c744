package org.p11plug.rpc.internal;

/**
 * A request whose body does not follow its call's signature: too short, a length beyond the
 * frame or a cap, an unknown encoding. The frame itself was intact, so the connection goes on;
 * the call is answered as p11-kit's own server answers it, {@code CKR_DEVICE_ERROR}.
 */
final class MalformedMessage extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedMessage(String what) {
        // no stack trace: hostile input is expected, and it is never a bug of ours to trace
        super(what, null, false, false);
    }
}
