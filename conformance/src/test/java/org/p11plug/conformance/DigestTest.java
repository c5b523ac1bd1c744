package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.Attribute;
import org.p11plug.api.Digester;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.param.LongParameter;

/** Every digest against the JDK's MessageDigest, single- and multi-part, and C_DigestKey. */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class DigestTest extends CryptoTest {
    private static final byte[] MESSAGE = "abc".repeat(100).getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @EnumSource(Hash.class)
    void digestsAgreeWithTheJdk(Hash h) throws Exception {
        MessageDigest jdk = MessageDigest.getInstance(h.jdk);
        assertThat(session.digest(Mechanism.of(h.digest), MESSAGE), is(jdk.digest(MESSAGE)));
        assertThat(session.digest(Mechanism.of(h.digest), new byte[0]), is(jdk.digest(new byte[0])));
        try (Digester d = session.startDigest(Mechanism.of(h.digest))) {
            parts(MESSAGE).forEach(d::update);
            assertThat(d.digest(), is(jdk.digest(MESSAGE)));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"SHA256", "SHA3_512"})
    void digestKeyFeedsTheKeyValue(Hash h) throws Exception {
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        ObjectHandle key = generic(secret, Attribute.SENSITIVE.of(true));
        MessageDigest jdk = MessageDigest.getInstance(h.jdk);
        jdk.update(MESSAGE);
        jdk.update(secret);
        jdk.update(MESSAGE);
        try (Digester d = session.startDigest(Mechanism.of(h.digest))) {
            d.update(MESSAGE).updateKey(key).update(MESSAGE);
            assertThat(d.digest(), is(jdk.digest()));
        }
    }

    @Test
    void digestKeyTakesOnlySecretKeys() {
        ObjectHandle publicKey = rsaPublic(JdkKeys.rsa2048());
        try (Digester d = session.startDigest(Mechanism.of(CKM.SHA256))) {
            assertCkr(CKR.KEY_INDIGESTIBLE, () -> d.updateKey(publicKey));
        }
        try (Digester d = session.startDigest(Mechanism.of(CKM.SHA256))) {
            assertCkr(CKR.KEY_HANDLE_INVALID, () -> d.updateKey(new ObjectHandle(0xdead)));
        }
    }

    @Test
    void notADigest() {
        assertCkr(CKR.MECHANISM_INVALID, () -> session.digest(Mechanism.of(CKM.AES_ECB), MESSAGE));
        assertCkr(CKR.MECHANISM_INVALID, () -> session.digest(Mechanism.of(CKM.MD5), MESSAGE));
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> session.digest(Mechanism.of(CKM.SHA256, new LongParameter(1)), MESSAGE));
    }
}
