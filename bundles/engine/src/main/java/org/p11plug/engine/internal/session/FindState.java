package org.p11plug.engine.internal.session;

import java.util.Arrays;

/** An active C_FindObjects search: the handles matched at C_FindObjectsInit, handed out in pages. */
final class FindState {
    private final long[] handles;
    private int next;

    FindState(long[] handles) {
        this.handles = handles;
    }

    long[] next(int max) {
        int n = Math.min(max, handles.length - next);
        long[] page = Arrays.copyOfRange(handles, next, next + n);
        next += n;
        return page;
    }
}
