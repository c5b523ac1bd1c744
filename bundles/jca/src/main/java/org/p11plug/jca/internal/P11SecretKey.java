package org.p11plug.jca.internal;

import java.lang.ref.Cleaner;
import javax.crypto.SecretKey;

/**
 * A secret key on the token: a handle, never its value. Keys the provider generates are
 * session objects, destroyed when this object becomes unreachable (or with the provider).
 */
public final class P11SecretKey implements SecretKey {
    private static final long serialVersionUID = 1L;

    private final transient TokenSessions token;
    private final long handle;
    private final String algorithm;
    private final transient Cleaner.Cleanable cleanup;

    P11SecretKey(TokenSessions token, long handle, String algorithm) {
        this.token = token;
        this.handle = handle;
        this.algorithm = algorithm;
        this.cleanup = token.destroyWhenUnreachable(this, handle);
    }

    TokenSessions token() {
        return token;
    }

    long handle() {
        return handle;
    }

    /** Destroys the key on the token now. */
    @Override
    public void destroy() {
        cleanup.clean();
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public String getFormat() {
        return null;
    }

    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public String toString() {
        return "P11plug " + algorithm + " secret key #" + handle;
    }
}
