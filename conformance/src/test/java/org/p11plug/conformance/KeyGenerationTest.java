package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.p11plug.api.Application;
import org.p11plug.api.Attribute;
import org.p11plug.api.AttributeSet;
import org.p11plug.api.KeyPair;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Pin;
import org.p11plug.api.Session;
import org.p11plug.api.Template;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CKD;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.param.Ecdh1DeriveParameter;

/**
 * Key generation: the sizes and curves the token makes, the attributes it sets on what it makes
 * (CKA_LOCAL, CKA_KEY_GEN_MECHANISM, CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE), the
 * encodings of CKA_EC_PARAMS and CKA_EC_POINT, and the template errors. Every generated key is
 * put to use and checked by the JDK.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class KeyGenerationTest extends CryptoTest {
    private static final byte[] MESSAGE = "made on the token, checked by the JDK".getBytes(StandardCharsets.US_ASCII);

    private static Template aesTemplate(long length, boolean sensitive, boolean extractable) {
        return Template.of(Attribute.VALUE_LEN.of(length), Attribute.SENSITIVE.of(sensitive),
                Attribute.EXTRACTABLE.of(extractable), Attribute.ENCRYPT.of(true), Attribute.DECRYPT.of(true));
    }

    @ParameterizedTest(name = "AES-{0}")
    @ValueSource(longs = {16, 24, 32})
    void aesKeys(long length) throws Exception {
        ObjectHandle locked = session.generateKey(Mechanism.of(CKM.AES_KEY_GEN), aesTemplate(length, true, false));
        AttributeSet a = session.getAttributes(locked, Attribute.CLASS, Attribute.KEY_TYPE, Attribute.VALUE_LEN,
                Attribute.LOCAL, Attribute.KEY_GEN_MECHANISM, Attribute.ALWAYS_SENSITIVE, Attribute.NEVER_EXTRACTABLE);
        assertThat(a.get(Attribute.CLASS), is(CKO.SECRET_KEY));
        assertThat(a.get(Attribute.KEY_TYPE), is(CKK.AES));
        assertThat(a.get(Attribute.VALUE_LEN), is(length));
        assertThat(a.get(Attribute.LOCAL), is(true));
        assertThat(a.get(Attribute.KEY_GEN_MECHANISM), is(CKM.AES_KEY_GEN));
        assertThat(a.get(Attribute.ALWAYS_SENSITIVE), is(true));
        assertThat(a.get(Attribute.NEVER_EXTRACTABLE), is(true));
        byte[] block = new byte[32];
        assertThat(session.decrypt(Mechanism.of(CKM.AES_ECB), locked, session.encrypt(Mechanism.of(CKM.AES_ECB), locked, block)),
                is(block));

        ObjectHandle open = session.generateKey(Mechanism.of(CKM.AES_KEY_GEN), aesTemplate(length, false, true));
        AttributeSet o = session.getAttributes(open, Attribute.ALWAYS_SENSITIVE, Attribute.NEVER_EXTRACTABLE, Attribute.VALUE);
        assertThat(o.get(Attribute.ALWAYS_SENSITIVE), is(false));
        assertThat(o.get(Attribute.NEVER_EXTRACTABLE), is(false));
        byte[] value = o.get(Attribute.VALUE);
        assertThat(value.length, is((int) length));
        Cipher jdk = Cipher.getInstance("AES/ECB/NoPadding");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(value, "AES"));
        assertThat(session.encrypt(Mechanism.of(CKM.AES_ECB), open, block), is(jdk.doFinal(block)));
    }

    @Test
    void twoGeneratedKeysDiffer() {
        byte[] a = valueOf(session.generateKey(Mechanism.of(CKM.AES_KEY_GEN), aesTemplate(32, false, true)));
        byte[] b = valueOf(session.generateKey(Mechanism.of(CKM.AES_KEY_GEN), aesTemplate(32, false, true)));
        assertThat(Arrays.equals(a, b), is(false));
    }

    @Test
    void secretKeyTemplateErrors() {
        Mechanism gen = Mechanism.of(CKM.AES_KEY_GEN);
        assertCkr(CKR.TEMPLATE_INCOMPLETE, () -> session.generateKey(gen, Template.empty()));
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID, () -> session.generateKey(gen, Template.of(Attribute.VALUE_LEN.of(20L))));
        assertCkr(CKR.KEY_SIZE_RANGE, () -> session.generateKey(gen, Template.of(Attribute.VALUE_LEN.of(8L))));
        assertCkr(CKR.KEY_SIZE_RANGE, () -> session.generateKey(gen, Template.of(Attribute.VALUE_LEN.of(64L))));
        // the token contributes CKA_VALUE: an attribute "which may not be set by the application"
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> session.generateKey(gen,
                Template.of(Attribute.VALUE_LEN.of(16L), Attribute.VALUE.of(new byte[16]))));
        assertCkr(CKR.TEMPLATE_INCONSISTENT, () -> session.generateKey(gen,
                Template.of(Attribute.VALUE_LEN.of(16L), Attribute.KEY_TYPE.of(CKK.GENERIC_SECRET))));
        assertCkr(CKR.TEMPLATE_INCONSISTENT, () -> session.generateKey(gen,
                Template.of(Attribute.VALUE_LEN.of(16L), Attribute.CLASS.of(CKO.PUBLIC_KEY))));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> session.generateKey(gen,
                Template.of(Attribute.VALUE_LEN.of(16L), Attribute.LOCAL.of(true))));
        assertCkr(CKR.MECHANISM_INVALID, () -> session.generateKey(Mechanism.of(CKM.AES_CBC), Template.of(Attribute.VALUE_LEN.of(16L))));
        assertCkr(CKR.MECHANISM_INVALID, () -> session.generateKey(Mechanism.of(CKM.RSA_PKCS_KEY_PAIR_GEN), Template.empty()));
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> session.generateKey(
                Mechanism.of(CKM.AES_KEY_GEN, new org.p11plug.api.param.LongParameter(1)), Template.of(Attribute.VALUE_LEN.of(16L))));
    }

    @Test
    void genericSecretsAreSizedInBytesAndMacWithTheJdk() throws Exception {
        ObjectHandle key = session.generateKey(Mechanism.of(CKM.GENERIC_SECRET_KEY_GEN), Template.of(
                Attribute.VALUE_LEN.of(40L), Attribute.SIGN.of(true), Attribute.VERIFY.of(true),
                Attribute.SENSITIVE.of(false), Attribute.EXTRACTABLE.of(true)));
        byte[] value = valueOf(key);
        assertThat(value.length, is(40));
        assertThat(session.getAttributes(key, Attribute.KEY_GEN_MECHANISM).get(Attribute.KEY_GEN_MECHANISM),
                is(CKM.GENERIC_SECRET_KEY_GEN));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(value, "HMAC"));
        assertThat(session.sign(Mechanism.of(CKM.SHA256_HMAC), key, MESSAGE), is(mac.doFinal(MESSAGE)));
    }

    @Test
    void rsa2048() throws Exception {
        rsa(2048);
    }

    @Test
    void rsa4096() throws Exception {
        rsa(4096);
    }

    private void rsa(long bits) throws Exception {
        KeyPair pair = session.generateKeyPair(Mechanism.of(CKM.RSA_PKCS_KEY_PAIR_GEN),
                Template.of(Attribute.MODULUS_BITS.of(bits), Attribute.PUBLIC_EXPONENT.of(BigInteger.valueOf(65537)),
                        Attribute.VERIFY.of(true), Attribute.ENCRYPT.of(true)),
                Template.of(Attribute.SIGN.of(true), Attribute.DECRYPT.of(true)));
        AttributeSet pub = session.getAttributes(pair.publicKey(), Attribute.MODULUS, Attribute.PUBLIC_EXPONENT,
                Attribute.MODULUS_BITS, Attribute.LOCAL, Attribute.KEY_GEN_MECHANISM, Attribute.PUBLIC_KEY_INFO);
        BigInteger n = pub.get(Attribute.MODULUS);
        assertThat((long) n.bitLength(), is(bits));
        assertThat(pub.get(Attribute.MODULUS_BITS), is(bits));
        assertThat(pub.get(Attribute.PUBLIC_EXPONENT), is(BigInteger.valueOf(65537)));
        assertThat(pub.get(Attribute.LOCAL), is(true));
        assertThat(pub.get(Attribute.KEY_GEN_MECHANISM), is(CKM.RSA_PKCS_KEY_PAIR_GEN));
        AttributeSet priv = session.getAttributes(pair.privateKey(), Attribute.MODULUS, Attribute.LOCAL,
                Attribute.SENSITIVE, Attribute.ALWAYS_SENSITIVE, Attribute.NEVER_EXTRACTABLE, Attribute.PUBLIC_KEY_INFO);
        assertThat(priv.get(Attribute.MODULUS), is(n));
        assertThat(priv.get(Attribute.LOCAL), is(true));
        assertThat("private keys are sensitive by default", priv.get(Attribute.SENSITIVE), is(true));
        assertThat(priv.get(Attribute.ALWAYS_SENSITIVE), is(true));
        assertThat(priv.get(Attribute.NEVER_EXTRACTABLE), is(true));
        assertThat(priv.get(Attribute.PUBLIC_KEY_INFO), is(pub.get(Attribute.PUBLIC_KEY_INFO)));
        assertCkr(CKR.ATTRIBUTE_SENSITIVE, () -> session.getAttributes(pair.privateKey(), Attribute.PRIVATE_EXPONENT)
                .get(Attribute.PRIVATE_EXPONENT));

        PublicKey jdkPublic = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, BigInteger.valueOf(65537)));
        assertThat(JdkKeys.publicKey("RSA", pub.get(Attribute.PUBLIC_KEY_INFO)), is(jdkPublic));
        Signature verify = Signature.getInstance("SHA256withRSA");
        verify.initVerify(jdkPublic);
        verify.update(MESSAGE);
        assertThat(verify.verify(session.sign(Mechanism.of(CKM.SHA256_RSA_PKCS), pair.privateKey(), MESSAGE)), is(true));
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        oaep.init(Cipher.ENCRYPT_MODE, jdkPublic);
        assertThat(session.decrypt(Mechanism.of(CKM.RSA_PKCS_OAEP, new org.p11plug.api.param.RsaPkcsOaepParameter(
                CKM.SHA_1, org.p11plug.api.ck.CKG.MGF1_SHA1, 0, null)), pair.privateKey(), oaep.doFinal(MESSAGE)), is(MESSAGE));
    }

    @Test
    void rsaTemplateErrors() {
        Mechanism gen = Mechanism.of(CKM.RSA_PKCS_KEY_PAIR_GEN);
        assertCkr(CKR.TEMPLATE_INCOMPLETE, () -> session.generateKeyPair(gen, Template.empty(), Template.empty()));
        assertCkr(CKR.KEY_SIZE_RANGE, () -> session.generateKeyPair(gen, Template.of(Attribute.MODULUS_BITS.of(512L)),
                Template.empty()));
        assertCkr(CKR.KEY_SIZE_RANGE, () -> session.generateKeyPair(gen, Template.of(Attribute.MODULUS_BITS.of(16384L)),
                Template.empty()));
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID, () -> session.generateKeyPair(gen, Template.of(Attribute.MODULUS_BITS.of(2048L),
                Attribute.PUBLIC_EXPONENT.of(BigInteger.valueOf(4))), Template.empty()));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> session.generateKeyPair(gen, Template.of(Attribute.MODULUS_BITS.of(2048L),
                Attribute.MODULUS.of(BigInteger.TEN)), Template.empty()));
        assertCkr(CKR.TEMPLATE_INCONSISTENT, () -> session.generateKeyPair(gen, Template.of(Attribute.MODULUS_BITS.of(2048L)),
                Template.of(Attribute.KEY_TYPE.of(CKK.EC))));
    }

    static Stream<JdkKeys.Curve> nistCurves() {
        return Stream.of(JdkKeys.P256, JdkKeys.P384, JdkKeys.P521);
    }

    @ParameterizedTest
    @MethodSource("nistCurves")
    void ecKeysOnNistCurves(JdkKeys.Curve curve) throws Exception {
        KeyPair pair = session.generateKeyPair(Mechanism.of(CKM.EC_KEY_PAIR_GEN),
                Template.of(Attribute.EC_PARAMS.of(curve.params()), Attribute.VERIFY.of(true)),
                Template.of(Attribute.SIGN.of(true), Attribute.DERIVE.of(true)));
        AttributeSet pub = session.getAttributes(pair.publicKey(), Attribute.EC_PARAMS, Attribute.EC_POINT,
                Attribute.PUBLIC_KEY_INFO, Attribute.KEY_GEN_MECHANISM);
        AttributeSet priv = session.getAttributes(pair.privateKey(), Attribute.EC_PARAMS, Attribute.LOCAL,
                Attribute.PUBLIC_KEY_INFO);
        assertThat(pub.get(Attribute.EC_PARAMS), is(curve.params()));
        assertThat(priv.get(Attribute.EC_PARAMS), is(curve.params()));
        assertThat(pub.get(Attribute.KEY_GEN_MECHANISM), is(CKM.EC_KEY_PAIR_GEN));
        byte[] point = pub.get(Attribute.EC_POINT);
        assertThat("CKA_EC_POINT is a DER OCTET STRING around the uncompressed point", point[0], is((byte) 4));
        PublicKey jdkPublic = JdkKeys.publicKey("EC", pub.get(Attribute.PUBLIC_KEY_INFO));
        assertThat(JdkKeys.octetString(JdkKeys.uncompressed(curve, (java.security.interfaces.ECPublicKey) jdkPublic)), is(point));
        assertThat(priv.get(Attribute.PUBLIC_KEY_INFO), is(pub.get(Attribute.PUBLIC_KEY_INFO)));

        Signature verify = Signature.getInstance("SHA384withECDSAinP1363Format");
        verify.initVerify(jdkPublic);
        verify.update(MESSAGE);
        assertThat(verify.verify(session.sign(Mechanism.of(CKM.ECDSA_SHA384), pair.privateKey(), MESSAGE)), is(true));

        // the generated private key agrees with the JDK on a shared secret
        java.security.KeyPair other = JdkKeys.pair(curve, "2");
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(other.getPrivate());
        ka.doPhase(jdkPublic, true);
        byte[] z = ka.generateSecret();
        ObjectHandle shared = session.deriveKey(Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.NULL, null,
                JdkKeys.uncompressed(curve, (java.security.interfaces.ECPublicKey) other.getPublic()))), pair.privateKey(),
                readableSecret(CKK.GENERIC_SECRET, z.length));
        assertThat(valueOf(shared), is(z));
    }

    @Test
    void ecCurveErrors() {
        Mechanism gen = Mechanism.of(CKM.EC_KEY_PAIR_GEN);
        byte[] secp256k1 = JdkKeys.hex("06052b8104000a");
        assertCkr(CKR.CURVE_NOT_SUPPORTED, () -> session.generateKeyPair(gen, Template.of(Attribute.EC_PARAMS.of(secp256k1)),
                Template.empty()));
        assertCkr(CKR.DOMAIN_PARAMS_INVALID, () -> session.generateKeyPair(gen,
                Template.of(Attribute.EC_PARAMS.of(new byte[] {1, 2, 3})), Template.empty()));
        assertCkr(CKR.TEMPLATE_INCOMPLETE, () -> session.generateKeyPair(gen, Template.empty(), Template.empty()));
        assertCkr(CKR.CURVE_NOT_SUPPORTED, () -> session.generateKeyPair(gen,
                Template.of(Attribute.EC_PARAMS.of(JdkKeys.ED25519.params())), Template.empty()));
        assertCkr(CKR.CURVE_NOT_SUPPORTED, () -> session.createObject(Template.builder()
                .set(Attribute.CLASS, CKO.PUBLIC_KEY).set(Attribute.KEY_TYPE, CKK.EC).set(Attribute.EC_PARAMS, secp256k1)
                .set(Attribute.EC_POINT, JdkKeys.octetString(new byte[65])).build()));
    }

    /** DER PrintableString of a curve name, the other CKA_EC_PARAMS form for Edwards and Montgomery curves. */
    private static byte[] printable(String name) {
        return concat(new byte[] {0x13, (byte) name.length()}, name.getBytes(StandardCharsets.US_ASCII));
    }

    static Stream<Object[]> edwardsParams() {
        return Stream.of(new Object[] {JdkKeys.ED25519, JdkKeys.ED25519.params()},
                new Object[] {JdkKeys.ED25519, printable("edwards25519")},
                new Object[] {JdkKeys.ED448, JdkKeys.ED448.params()},
                new Object[] {JdkKeys.ED448, printable("edwards448")});
    }

    @ParameterizedTest(name = "{0} {index}")
    @MethodSource("edwardsParams")
    void edwardsKeys(JdkKeys.Curve curve, byte[] params) throws Exception {
        KeyPair pair = session.generateKeyPair(Mechanism.of(CKM.EC_EDWARDS_KEY_PAIR_GEN),
                Template.of(Attribute.EC_PARAMS.of(params), Attribute.VERIFY.of(true)), Template.of(Attribute.SIGN.of(true)));
        AttributeSet pub = session.getAttributes(pair.publicKey(), Attribute.EC_POINT, Attribute.PUBLIC_KEY_INFO,
                Attribute.KEY_TYPE, Attribute.EC_PARAMS);
        assertThat(pub.get(Attribute.KEY_TYPE), is(CKK.EC_EDWARDS));
        assertThat("CKA_EC_PARAMS as given", pub.get(Attribute.EC_PARAMS), is(params));
        byte[] point = pub.get(Attribute.EC_POINT);
        assertThat("CKA_EC_POINT holds the raw public key", point.length, is(curve.publicBytes()));
        byte[] info = pub.get(Attribute.PUBLIC_KEY_INFO);
        assertThat(Arrays.copyOfRange(info, info.length - point.length, info.length), is(point));

        Signature verify = Signature.getInstance(curve.jdkName());
        verify.initVerify(JdkKeys.publicKey(curve.jdkName(), info));
        verify.update(MESSAGE);
        assertThat(verify.verify(session.sign(Mechanism.of(CKM.EDDSA), pair.privateKey(), MESSAGE)), is(true));
    }

    @Test
    void edwardsPublicKeysAreAcceptedAsOctetStringsToo() {
        java.security.KeyPair jdk = JdkKeys.pair(JdkKeys.ED25519);
        ObjectHandle wrapped = session.createObject(Template.builder()
                .set(Attribute.CLASS, CKO.PUBLIC_KEY).set(Attribute.KEY_TYPE, CKK.EC_EDWARDS)
                .set(Attribute.EC_PARAMS, JdkKeys.ED25519.params())
                .set(Attribute.EC_POINT, JdkKeys.octetString(JdkKeys.rawPublic(jdk))).set(Attribute.VERIFY, true).build());
        byte[] signature = session.sign(Mechanism.of(CKM.EDDSA), edPrivate(JdkKeys.ED25519, jdk), MESSAGE);
        assertThat(session.verify(Mechanism.of(CKM.EDDSA), wrapped, MESSAGE, signature), is(true));
    }

    static Stream<Object[]> montgomeryParams() {
        return Stream.of(new Object[] {JdkKeys.X25519, JdkKeys.X25519.params()},
                new Object[] {JdkKeys.X25519, printable("curve25519")},
                new Object[] {JdkKeys.X448, JdkKeys.X448.params()},
                new Object[] {JdkKeys.X448, printable("curve448")});
    }

    @ParameterizedTest(name = "{0} {index}")
    @MethodSource("montgomeryParams")
    void montgomeryKeys(JdkKeys.Curve curve, byte[] params) throws Exception {
        KeyPair pair = session.generateKeyPair(Mechanism.of(CKM.EC_MONTGOMERY_KEY_PAIR_GEN),
                Template.of(Attribute.EC_PARAMS.of(params)), Template.of(Attribute.DERIVE.of(true)));
        AttributeSet pub = session.getAttributes(pair.publicKey(), Attribute.EC_POINT, Attribute.PUBLIC_KEY_INFO,
                Attribute.KEY_TYPE);
        assertThat(pub.get(Attribute.KEY_TYPE), is(CKK.EC_MONTGOMERY));
        byte[] point = pub.get(Attribute.EC_POINT);
        assertThat(point.length, is(curve.publicBytes()));

        java.security.KeyPair other = JdkKeys.pair(curve, "2");
        KeyAgreement ka = KeyAgreement.getInstance("XDH");
        ka.init(other.getPrivate());
        ka.doPhase(JdkKeys.publicKey("XDH", pub.get(Attribute.PUBLIC_KEY_INFO)), true);
        byte[] z = ka.generateSecret();
        ObjectHandle shared = session.deriveKey(Mechanism.of(CKM.ECDH1_DERIVE,
                new Ecdh1DeriveParameter(CKD.NULL, null, JdkKeys.rawPublic(other))), pair.privateKey(),
                readableSecret(CKK.GENERIC_SECRET, z.length));
        assertThat(valueOf(shared), is(z));
    }

    @Test
    void thePublicKeyInfoOfAPrivateKeyMustMatchIt() {
        ObjectHandle priv = ecPrivate(JdkKeys.P256, JdkKeys.pair(JdkKeys.P256, "1"));
        byte[] own = JdkKeys.pair(JdkKeys.P256, "1").getPublic().getEncoded();
        byte[] other = JdkKeys.pair(JdkKeys.P256, "2").getPublic().getEncoded();
        assertThat(session.getAttributes(priv, Attribute.PUBLIC_KEY_INFO).get(Attribute.PUBLIC_KEY_INFO), is(own));
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID, () -> session.setAttributes(priv, Template.of(Attribute.PUBLIC_KEY_INFO.of(other))));
        session.setAttributes(priv, Template.of(Attribute.PUBLIC_KEY_INFO.of(own)));
        assertThat(session.getAttributes(priv, Attribute.PUBLIC_KEY_INFO).get(Attribute.PUBLIC_KEY_INFO), is(own));
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID, () -> ecPrivate(JdkKeys.P256, JdkKeys.pair(JdkKeys.P256, "1"),
                Attribute.PUBLIC_KEY_INFO.of(other)));
        // an Ed25519 key signs with the public half derived from its own secret, whatever was set
        ObjectHandle ed = edPrivate(JdkKeys.ED25519, JdkKeys.pair(JdkKeys.ED25519));
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID, () -> session.setAttributes(ed,
                Template.of(Attribute.PUBLIC_KEY_INFO.of(JdkKeys.pair(JdkKeys.ED25519, "2").getPublic().getEncoded()))));
    }

    @Test
    void generatedTokenKeysOutliveTheirApplication() throws Exception {
        requireTokenSecretKeys();
        ObjectHandle key = session.generateKey(Mechanism.of(CKM.AES_KEY_GEN), Template.of(Attribute.VALUE_LEN.of(32L),
                Attribute.TOKEN.of(true), Attribute.LABEL.of("kept"), Attribute.ENCRYPT.of(true)));
        byte[] block = new byte[16];
        byte[] before = session.encrypt(Mechanism.of(CKM.AES_ECB), key, block);
        app.close();
        try (Application later = service.openApplication()) {
            Session s = later.getSlot(slot).getToken().openReadWriteSession();
            try (Pin pin = Pin.ofUtf8(fixture.userPin())) {
                s.login(UserType.USER, pin);
            }
            ObjectHandle found = s.findObject(Template.of(Attribute.LABEL.of("kept"))).orElseThrow();
            assertThat(s.encrypt(Mechanism.of(CKM.AES_ECB), found, block), is(before));
            assertThat(s.getAttributes(found, Attribute.LOCAL).get(Attribute.LOCAL), is(true));
            s.destroyObject(found);
        }
        app = service.openApplication();
    }

    @Test
    void privateKeysNeedALogin() {
        session.logout();
        assertCkr(CKR.USER_NOT_LOGGED_IN, () -> session.generateKey(Mechanism.of(CKM.AES_KEY_GEN),
                Template.of(Attribute.VALUE_LEN.of(16L))));
        ObjectHandle publicSessionKey = session.generateKey(Mechanism.of(CKM.AES_KEY_GEN),
                Template.of(Attribute.VALUE_LEN.of(16L), Attribute.PRIVATE.of(false)));
        assertThat(session.getAttributes(publicSessionKey, Attribute.LOCAL).get(Attribute.LOCAL), is(true));
    }
}
