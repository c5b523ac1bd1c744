package org.p11plug.api;

import org.p11plug.api.ck.CKF;

/** {@code CK_SESSION_INFO}: slot, state ({@code CKS_}), flags ({@code CKF_RW_SESSION}, ...), device error. */
public record SessionInfo(long slotId, long state, long flags, long deviceError) {
    public SessionState sessionState() {
        return SessionState.of(state);
    }

    public boolean readWrite() {
        return (flags & CKF.RW_SESSION) != 0;
    }
}
