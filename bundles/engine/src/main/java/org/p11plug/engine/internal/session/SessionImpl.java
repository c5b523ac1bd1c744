package org.p11plug.engine.internal.session;

import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.SessionState;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CKR;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.object.SessionObjectList;

/**
 * One session: its handle, its token, whether it is read/write, the session objects it created,
 * and the state of its active operations. Calls on one session are serialized by its lock (the
 * documented choice for two threads on one session: the second waits); the session objects set
 * is concurrent so that a logout or a token removal never needs that lock.
 */
public final class SessionImpl {
    private final long handle;
    private final AppTokenState owner;
    private final boolean readWrite;
    private final ReentrantLock lock = new ReentrantLock();
    private final SessionObjectList objects = new SessionObjectList();
    private volatile boolean closed;
    private @Nullable FindState find;
    private final Operations operations = new Operations();

    SessionImpl(long handle, AppTokenState owner, boolean readWrite) {
        this.handle = handle;
        this.owner = owner;
        this.readWrite = readWrite;
    }

    public long handle() {
        return handle;
    }

    public AppTokenState owner() {
        return owner;
    }

    public TokenRuntime token() {
        return owner.token();
    }

    public boolean isReadWrite() {
        return readWrite;
    }

    public boolean isClosed() {
        return closed;
    }

    /** The session state of the Usage Guide, from this session's mode and its application's login. */
    public SessionState state() {
        UserType login = owner.login();
        if (login == UserType.SO) {
            return SessionState.RW_SO;
        }
        if (login == UserType.USER) {
            return readWrite ? SessionState.RW_USER : SessionState.RO_USER;
        }
        return readWrite ? SessionState.RW_PUBLIC : SessionState.RO_PUBLIC;
    }

    public SessionObjectList objects() {
        return objects;
    }

    Operations operations() {
        return operations;
    }

    /** Takes the session for one call; a session closed meanwhile answers CKR_SESSION_CLOSED. */
    void enter() {
        lock.lock();
        if (closed) {
            lock.unlock();
            throw Ck.fail(CKR.SESSION_CLOSED);
        }
    }

    void exit() {
        lock.unlock();
    }

    /** Marks the session closed, then waits for a call in progress to finish. */
    void closeAndDrain() {
        closed = true;
        lock.lock();
        try {
            find = null;
            operations.clear();
        } finally {
            lock.unlock();
        }
    }

    // ---- find state, guarded by the session lock ----

    @Nullable FindState find() {
        return find;
    }

    void setFind(@Nullable FindState state) {
        this.find = state;
    }

    @Override
    public String toString() {
        return "Session[" + handle + (readWrite ? ", R/W" : ", R/O") + (closed ? ", closed" : "") + "]";
    }
}
