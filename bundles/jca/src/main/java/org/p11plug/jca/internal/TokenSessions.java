package org.p11plug.jca.internal;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.function.LongFunction;
import org.p11plug.api.Application;
import org.p11plug.api.CkException;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.api.raw.RawAttribute;

/**
 * The provider's view of one token: its own PKCS#11 application, the slot, and a bounded pool
 * of sessions that the provider's objects borrow for one call at a time, so that any number of
 * threads share a few sessions. A session the token has closed (the token went away) is dropped
 * from the pool, and the call's {@link CkException} reaches the caller.
 */
public final class TokenSessions implements AutoCloseable {
    private final Application application;
    private final Pkcs11 p11;
    private final long slot;
    private final Semaphore permits;
    /**
     * How deep this thread is in calls of this pool. A call can come back to the provider on its
     * own thread (the provider stands first in java.security.Security and the JDK's code inside the
     * token, such as SunJCE's HMAC, asks it for a digest): such a nested call takes a session
     * beyond the bound rather than wait for the one its own caller holds.
     */
    private final ThreadLocal<int[]> nesting = ThreadLocal.withInitial(() -> new int[1]);
    private final ConcurrentLinkedDeque<Long> idle = new ConcurrentLinkedDeque<>();
    /** Destroys session keys whose JCA objects became unreachable. */
    private static final Cleaner CLEANER = Cleaner.create();
    /** Holds the session objects the provider makes (keys): they live as long as their session. */
    private long keeper;

    public TokenSessions(Application application, long slot, int maxSessions) {
        this.application = application;
        this.p11 = application.raw();
        this.slot = slot;
        this.permits = new Semaphore(maxSessions, true);
    }

    public long slot() {
        return slot;
    }

    public Pkcs11 p11() {
        return p11;
    }

    /**
     * Runs {@code call} with a session of the pool, which it may use for that call only. A pooled
     * session the token closed meanwhile (it left and came back) is dropped and the call runs on
     * another: a closed session ran nothing, so the call is safe to repeat.
     */
    public <T> T withSession(LongFunction<T> call) {
        int[] depth = nesting.get();
        boolean nested = depth[0] > 0;
        if (!nested) {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CkException(CKR.FUNCTION_CANCELED, "interrupted while waiting for a session");
            }
        }
        depth[0]++;
        try {
            while (true) {
                Long pooled = idle.pollFirst();
                long session = pooled != null ? pooled : openSession();
                boolean healthy = false;
                try {
                    T result = call.apply(session);
                    healthy = true;
                    return result;
                } catch (CkException e) {
                    boolean closed = e.is(CKR.SESSION_HANDLE_INVALID) || e.is(CKR.SESSION_CLOSED);
                    healthy = !closed && !e.is(CKR.DEVICE_REMOVED) && !e.is(CKR.TOKEN_NOT_PRESENT);
                    if (closed && pooled != null) {
                        continue; // a stale session of the pool: try the next, or a new one
                    }
                    throw explained(e);
                } finally {
                    if (healthy) {
                        idle.addFirst(session);
                    } else {
                        closeQuietly(session);
                    }
                }
            }
        } finally {
            depth[0]--;
            if (!nested) {
                permits.release();
            }
        }
    }

    private long openSession() {
        try {
            return p11.openSession(slot, CKF.SERIAL_SESSION | CKF.RW_SESSION);
        } catch (CkException e) {
            throw explained(e);
        }
    }

    /** A call that needs a session and an object made for it. */
    public interface ObjectCall<T> {
        T apply(long session, long object);
    }

    /**
     * Runs {@code call} on a pooled session with {@code template} made into a session object for it,
     * destroyed in the same borrowing whatever the call does: a key brought from elsewhere for one
     * operation leaves nothing on the token.
     */
    public <T> T withTemporaryObject(RawAttribute[] template, ObjectCall<T> call) {
        return withSession(s -> {
            long object = p11.createObject(s, template);
            try {
                return call.apply(s, object);
            } finally {
                p11.destroyObject(s, object);
            }
        });
    }

    /**
     * Runs {@code call} on the session that holds the provider's session objects (made on first
     * use and kept open), one call at a time.
     */
    public synchronized <T> T withKeeper(LongFunction<T> call) {
        boolean fresh = keeper == 0;
        if (fresh) {
            keeper = openSession();
        }
        try {
            return call.apply(keeper);
        } catch (CkException e) {
            boolean closed = e.is(CKR.SESSION_HANDLE_INVALID) || e.is(CKR.SESSION_CLOSED);
            if (closed || e.is(CKR.DEVICE_REMOVED) || e.is(CKR.TOKEN_NOT_PRESENT)) {
                keeper = 0; // its objects went with it
                if (closed && !fresh) {
                    return withKeeper(call); // the token left and came back: a new keeper, once
                }
            }
            throw explained(e);
        }
    }

    /**
     * A failure because the token left (pulled card, removed backend) says so in words: a key
     * object the program still holds names a handle that no longer exists anywhere.
     */
    private CkException explained(CkException e) {
        if (e.is(CKR.TOKEN_NOT_PRESENT) || e.is(CKR.DEVICE_REMOVED) || e.is(CKR.SLOT_ID_INVALID)) {
            return new CkException(e.ckr(), "the token of slot " + slot + " is gone; keys of it no longer work", e);
        }
        return e;
    }

    /**
     * Destroys the session object {@code handle} once {@code owner} is unreachable: a JCA key
     * dropped by its program leaves nothing on the token.
     */
    public Cleaner.Cleanable destroyWhenUnreachable(Object owner, long handle) {
        return CLEANER.register(owner, () -> {
            try {
                withKeeper(s -> {
                    p11.destroyObject(s, handle);
                    return null;
                });
            } catch (CkException e) {
                // gone already: with its session, its token or the application
            }
        });
    }

    /** C_Login as user; the login holds for every session of the provider's application. */
    public void login(char[] pin) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        try {
            withSession(s -> {
                try {
                    p11.login(s, CKU.USER, bytes);
                } catch (CkException e) {
                    if (!e.is(CKR.USER_ALREADY_LOGGED_IN)) {
                        throw e;
                    }
                }
                return null;
            });
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private void closeQuietly(long session) {
        try {
            p11.closeSession(session);
        } catch (CkException e) {
            // already gone with its token
        }
    }

    /** C_Finalize of the provider's application: its sessions and session objects go. */
    @Override
    public synchronized void close() {
        idle.clear();
        keeper = 0;
        application.close();
    }
}
