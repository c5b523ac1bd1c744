package org.p11plug.engine.internal.typed;

import java.util.function.Supplier;
import org.p11plug.api.CkException;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.engine.internal.session.SessionCanceller;

/**
 * Tracks whether a typed multi-part operation is still active, so that closing it early ends
 * the operation in its session. PKCS#11 ends an operation on any error (buffers that are too
 * small aside, which the typed layer never passes), so a failure counts as finished.
 */
final class Abandon implements AutoCloseable {
    private final Pkcs11 raw;
    private final long session;
    private final long operationFlag;
    private boolean finished;

    Abandon(Pkcs11 raw, long session, long operationFlag) {
        this.raw = raw;
        this.session = session;
        this.operationFlag = operationFlag;
    }

    void run(Runnable step) {
        call(() -> {
            step.run();
            return null;
        });
    }

    <T> T call(Supplier<T> step) {
        if (finished) {
            throw new IllegalStateException("the operation has ended");
        }
        try {
            return step.get();
        } catch (CkException e) {
            finished = true;
            throw e;
        }
    }

    <T> T finish(Supplier<T> step) {
        try {
            return call(step);
        } finally {
            finished = true;
        }
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            if (raw instanceof SessionCanceller canceller) {
                canceller.cancel(session, operationFlag);
            }
        }
    }
}
