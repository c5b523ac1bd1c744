package org.p11plug.jca.internal;

import java.security.ProviderException;
import java.security.SecureRandomSpi;
import org.p11plug.api.CkException;

/** The token's random number generator (C_GenerateRandom, C_SeedRandom). */
public final class P11SecureRandom extends SecureRandomSpi {
    private static final long serialVersionUID = 1L;
    private final transient TokenSessions token;

    public P11SecureRandom(TokenSessions token) {
        this.token = token;
    }

    @Override
    protected void engineSetSeed(byte[] seed) {
        try {
            token.withSession(s -> {
                token.p11().seedRandom(s, seed);
                return null;
            });
        } catch (CkException e) {
            if (!e.is(org.p11plug.api.ck.CKR.RANDOM_SEED_NOT_SUPPORTED)) {
                throw new ProviderException("C_SeedRandom: " + e.getMessage(), e);
            }
        }
    }

    @Override
    protected void engineNextBytes(byte[] bytes) {
        try {
            token.withSession(s -> {
                token.p11().generateRandom(s, bytes);
                return null;
            });
        } catch (CkException e) {
            throw new ProviderException("C_GenerateRandom: " + e.getMessage(), e);
        }
    }

    @Override
    protected byte[] engineGenerateSeed(int numBytes) {
        byte[] seed = new byte[numBytes];
        engineNextBytes(seed);
        return seed;
    }
}
