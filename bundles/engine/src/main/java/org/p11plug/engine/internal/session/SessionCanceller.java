package org.p11plug.engine.internal.session;

/**
 * Ends active operations of a session, as PKCS#11 3.0's C_SessionCancel does with its
 * {@code CKF_} operation flags; used by the typed layer when a multi-part operation is closed
 * before it finished.
 */
public interface SessionCanceller {
    void cancel(long session, long operationFlags);
}
