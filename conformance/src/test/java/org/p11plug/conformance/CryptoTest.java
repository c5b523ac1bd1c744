package org.p11plug.conformance;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.interfaces.XECPrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.p11plug.api.Application;
import org.p11plug.api.Attribute;
import org.p11plug.api.AttributeValue;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Pin;
import org.p11plug.api.Session;
import org.p11plug.api.Template;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;

/**
 * Base of the mechanism tests: a typed read-write session, logged in as the user, and the
 * helpers that bring JDK-made key material onto the token (so that the JDK, an independent
 * implementation, checks what the token computes and the token checks what the JDK computes).
 */
abstract class CryptoTest extends ConformanceTest {
    Application app;
    Session session;

    @BeforeEach
    void openUserSession() {
        app = service.openApplication();
        session = app.getSlot(slot).getToken().openReadWriteSession();
        try (Pin pin = Pin.ofUtf8(fixture.userPin())) {
            session.login(UserType.USER, pin);
        }
    }

    @AfterEach
    void closeApplication() throws Exception {
        app.close();
    }

    static Template template(AttributeValue<?>... values) {
        return Template.of(values);
    }

    /** A session secret key with every usage allowed unless the extras say otherwise. */
    ObjectHandle secret(long keyType, byte[] value, AttributeValue<?>... extra) {
        Template.Builder t = Template.builder()
                .set(Attribute.CLASS, CKO.SECRET_KEY).set(Attribute.KEY_TYPE, keyType).set(Attribute.VALUE, value)
                .set(Attribute.ENCRYPT, true).set(Attribute.DECRYPT, true).set(Attribute.SIGN, true)
                .set(Attribute.VERIFY, true).set(Attribute.WRAP, true).set(Attribute.UNWRAP, true)
                .set(Attribute.DERIVE, true);
        for (AttributeValue<?> v : extra) {
            t.add(v);
        }
        return session.createObject(t.build());
    }

    ObjectHandle aes(byte[] value, AttributeValue<?>... extra) {
        return secret(CKK.AES, value, extra);
    }

    ObjectHandle generic(byte[] value, AttributeValue<?>... extra) {
        return secret(CKK.GENERIC_SECRET, value, extra);
    }

    ObjectHandle rsaPrivate(KeyPair pair, AttributeValue<?>... extra) {
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) pair.getPrivate();
        return session.createObject(withExtras(Template.builder()
                .set(Attribute.CLASS, CKO.PRIVATE_KEY).set(Attribute.KEY_TYPE, CKK.RSA)
                .set(Attribute.MODULUS, k.getModulus()).set(Attribute.PUBLIC_EXPONENT, k.getPublicExponent())
                .set(Attribute.PRIVATE_EXPONENT, k.getPrivateExponent())
                .set(Attribute.PRIME_1, k.getPrimeP()).set(Attribute.PRIME_2, k.getPrimeQ())
                .set(Attribute.EXPONENT_1, k.getPrimeExponentP()).set(Attribute.EXPONENT_2, k.getPrimeExponentQ())
                .set(Attribute.COEFFICIENT, k.getCrtCoefficient())
                .set(Attribute.SIGN, true).set(Attribute.DECRYPT, true).set(Attribute.UNWRAP, true), extra));
    }

    ObjectHandle rsaPublic(KeyPair pair, AttributeValue<?>... extra) {
        RSAPublicKey k = (RSAPublicKey) pair.getPublic();
        return session.createObject(withExtras(Template.builder()
                .set(Attribute.CLASS, CKO.PUBLIC_KEY).set(Attribute.KEY_TYPE, CKK.RSA)
                .set(Attribute.MODULUS, k.getModulus()).set(Attribute.PUBLIC_EXPONENT, k.getPublicExponent())
                .set(Attribute.VERIFY, true).set(Attribute.ENCRYPT, true).set(Attribute.WRAP, true), extra));
    }

    ObjectHandle ecPrivate(JdkKeys.Curve curve, KeyPair pair, AttributeValue<?>... extra) {
        BigInteger s = ((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS();
        return session.createObject(withExtras(Template.builder()
                .set(Attribute.CLASS, CKO.PRIVATE_KEY).set(Attribute.KEY_TYPE, CKK.EC)
                .set(Attribute.EC_PARAMS, curve.params()).set(Attribute.VALUE, JdkKeys.fixed(s, curve.fieldBytes()))
                .set(Attribute.SIGN, true).set(Attribute.DERIVE, true), extra));
    }

    ObjectHandle ecPublic(JdkKeys.Curve curve, KeyPair pair, AttributeValue<?>... extra) {
        return session.createObject(withExtras(Template.builder()
                .set(Attribute.CLASS, CKO.PUBLIC_KEY).set(Attribute.KEY_TYPE, CKK.EC)
                .set(Attribute.EC_PARAMS, curve.params())
                .set(Attribute.EC_POINT, JdkKeys.octetString(JdkKeys.uncompressed(curve, (ECPublicKey) pair.getPublic())))
                .set(Attribute.VERIFY, true), extra));
    }

    /** An Ed25519/Ed448 private key (CKK_EC_EDWARDS, the RFC 8032 secret as CKA_VALUE). */
    ObjectHandle edPrivate(JdkKeys.Curve curve, KeyPair pair, AttributeValue<?>... extra) {
        byte[] secret = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        return session.createObject(withExtras(Template.builder()
                .set(Attribute.CLASS, CKO.PRIVATE_KEY).set(Attribute.KEY_TYPE, CKK.EC_EDWARDS)
                .set(Attribute.EC_PARAMS, curve.params()).set(Attribute.VALUE, secret).set(Attribute.SIGN, true), extra));
    }

    ObjectHandle edPublic(JdkKeys.Curve curve, KeyPair pair, AttributeValue<?>... extra) {
        return session.createObject(withExtras(Template.builder()
                .set(Attribute.CLASS, CKO.PUBLIC_KEY).set(Attribute.KEY_TYPE, CKK.EC_EDWARDS)
                .set(Attribute.EC_PARAMS, curve.params()).set(Attribute.EC_POINT, JdkKeys.rawPublic(pair))
                .set(Attribute.VERIFY, true), extra));
    }

    /** An X25519/X448 private key (CKK_EC_MONTGOMERY, the RFC 7748 scalar as CKA_VALUE). */
    ObjectHandle montgomeryPrivate(JdkKeys.Curve curve, KeyPair pair, AttributeValue<?>... extra) {
        byte[] scalar = ((XECPrivateKey) pair.getPrivate()).getScalar().orElseThrow();
        return montgomeryPrivate(curve, scalar, extra);
    }

    ObjectHandle montgomeryPrivate(JdkKeys.Curve curve, byte[] scalar, AttributeValue<?>... extra) {
        return session.createObject(withExtras(Template.builder()
                .set(Attribute.CLASS, CKO.PRIVATE_KEY).set(Attribute.KEY_TYPE, CKK.EC_MONTGOMERY)
                .set(Attribute.EC_PARAMS, curve.params()).set(Attribute.VALUE, scalar).set(Attribute.DERIVE, true), extra));
    }

    /** A derived or unwrapped secret's template: extractable and readable, so the test can compare values. */
    static Template readableSecret(long keyType, long length, AttributeValue<?>... extra) {
        List<AttributeValue<?>> t = new ArrayList<>(List.of(
                Attribute.CLASS.of(CKO.SECRET_KEY), Attribute.KEY_TYPE.of(keyType),
                Attribute.SENSITIVE.of(false), Attribute.EXTRACTABLE.of(true)));
        if (length > 0) {
            t.add(Attribute.VALUE_LEN.of(length));
        }
        t.addAll(Arrays.asList(extra));
        return Template.of(t.toArray(AttributeValue<?>[]::new));
    }

    byte[] valueOf(ObjectHandle key) {
        return session.getAttributes(key, Attribute.VALUE).get(Attribute.VALUE);
    }

    private static Template withExtras(Template.Builder t, AttributeValue<?>... extra) {
        for (AttributeValue<?> v : extra) {
            t.add(v);
        }
        return t.build();
    }

    /** The input cut into parts of varying sizes (1, 2, 3, ... bytes), to exercise multi-part buffering. */
    static List<byte[]> parts(byte[] data) {
        List<byte[]> parts = new ArrayList<>();
        int at = 0;
        for (int size = 1; at < data.length; size = size % 37 + 1) {
            int n = Math.min(size, data.length - at);
            parts.add(Arrays.copyOfRange(data, at, at + n));
            at += n;
        }
        return parts;
    }

    static byte[] concat(byte[]... arrays) {
        int n = 0;
        for (byte[] a : arrays) {
            n += a.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] a : arrays) {
            System.arraycopy(a, 0, all, at, a.length);
            at += a.length;
        }
        return all;
    }
}
