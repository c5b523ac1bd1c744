package org.p11plug.jca.internal;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigestSpi;
import java.security.ProviderException;
import org.p11plug.api.CkException;
import org.p11plug.api.Mechanism;

/**
 * A digest computed by the token in one C_Digest on a pooled session. The data is collected in
 * the JCA object, so an unfinished digest holds no session.
 */
public final class P11MessageDigest extends MessageDigestSpi implements Cloneable {
    private final TokenSessions token;
    private final long mechanism;
    private final int length;
    private ByteArrayOutputStream data = new ByteArrayOutputStream();

    public P11MessageDigest(TokenSessions token, long mechanism, int length) {
        this.token = token;
        this.mechanism = mechanism;
        this.length = length;
    }

    @Override
    protected int engineGetDigestLength() {
        return length;
    }

    @Override
    protected void engineUpdate(byte input) {
        data.write(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        data.write(input, offset, len);
    }

    @Override
    protected byte[] engineDigest() {
        byte[] message = data.toByteArray();
        data.reset();
        try {
            return token.withSession(s -> {
                token.p11().digestInit(s, Mechanism.of(mechanism));
                return token.p11().digest(s, message, length).data();
            });
        } catch (CkException e) {
            throw new ProviderException("C_Digest: " + e.getMessage(), e);
        }
    }

    @Override
    protected void engineReset() {
        data.reset();
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        P11MessageDigest copy = (P11MessageDigest) super.clone();
        copy.data = new ByteArrayOutputStream();
        copy.data.writeBytes(data.toByteArray());
        return copy;
    }
}
