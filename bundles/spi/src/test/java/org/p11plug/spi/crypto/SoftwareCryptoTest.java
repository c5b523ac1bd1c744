package org.p11plug.spi.crypto;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.security.Provider;
import java.security.Security;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider named as p11plug's, first in java.security.Security and offering what the engine
 * needs, is never what SoftwareCrypto hands out: the engine would call itself through it.
 */
class SoftwareCryptoTest {
    /**
     * Stands for a token's provider. Its services work (the JDK's own SunJCE asks the first
     * provider for the digest inside its HMAC, and gets this one), but SoftwareCrypto must never
     * hand them out.
     */
    static final class TokenFront extends Provider {
        private static final long serialVersionUID = 1L;

        TokenFront() {
            super(SoftwareCrypto.P11PLUG_PROVIDER, "0", "a token front for the test");
            for (String[] s : List.of(new String[] {"MessageDigest", "SHA-256"}, new String[] {"SecureRandom", "NativePRNG"},
                    new String[] {"Mac", "HmacSHA256"}, new String[] {"Cipher", "AES/GCM/NoPadding"})) {
                putService(new Service(this, s[0], s[1], "none", List.of(), null) {
                    @Override
                    public Object newInstance(Object parameter) throws java.security.NoSuchAlgorithmException {
                        if (getType().equals("MessageDigest")) {
                            return new Sha256();
                        }
                        throw new java.security.NoSuchAlgorithmException("the test's token front has no " + getAlgorithm());
                    }
                });
            }
        }
    }

    /** A working digest of the front (SUN's underneath). */
    static final class Sha256 extends java.security.MessageDigestSpi {
        private final java.security.MessageDigest sun;

        Sha256() throws java.security.NoSuchAlgorithmException {
            sun = java.security.MessageDigest.getInstance("SHA-256", Security.getProvider("SUN"));
        }

        @Override
        protected void engineUpdate(byte input) {
            sun.update(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            sun.update(input, offset, len);
        }

        @Override
        protected byte[] engineDigest() {
            return sun.digest();
        }

        @Override
        protected void engineReset() {
            sun.reset();
        }
    }

    @BeforeEach
    void first() {
        Security.insertProviderAt(new TokenFront(), 1);
    }

    @AfterEach
    void gone() {
        Security.removeProvider(SoftwareCrypto.P11PLUG_PROVIDER);
    }

    @Test
    void primitivesComeFromTheJdkNotFromATokenFront() throws Exception {
        assertThat(Security.getProviders()[0].getName(), is(SoftwareCrypto.P11PLUG_PROVIDER));
        assertThat(SoftwareCrypto.digest("SHA-256").getProvider().getName(), is("SUN"));
        assertThat(SoftwareCrypto.mac("HmacSHA256").getProvider().getName(), is("SunJCE"));
        assertThat(SoftwareCrypto.cipher("AES/GCM/NoPadding").getProvider().getName(), is("SunJCE"));
        assertThat(SoftwareCrypto.random().getProvider().getName(), not(SoftwareCrypto.P11PLUG_PROVIDER));
        assertThat("what new SecureRandom() gives on Linux without a token front", SoftwareCrypto.random().getAlgorithm(),
                is("NativePRNG"));
    }

    @Test
    void aSunPkcs11ProviderIsATokenFrontToo() {
        Provider sun = Security.getProvider("SunPKCS11");
        if (sun != null) {
            assertThat(SoftwareCrypto.frontsAToken(sun), is(true));
        }
        assertThat(SoftwareCrypto.frontsAToken(Security.getProvider("SUN")), is(false));
    }
}
