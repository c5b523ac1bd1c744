package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.Attribute;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Template;
import org.p11plug.api.ck.CKD;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.param.AesCtrParameter;
import org.p11plug.api.param.ByteArrayParameter;
import org.p11plug.api.param.Ecdh1DeriveParameter;
import org.p11plug.api.param.GcmParameter;
import org.p11plug.api.param.HkdfParameter;
import org.p11plug.api.param.LongParameter;
import org.p11plug.conformance.vectors.Vectors;

/**
 * The published known-answer vectors (SP 800-38A, the GCM specification, RFC 3394, 5649, 4493,
 * 4231, 8032, 5869, 7748; see {@link Vectors}) computed by the token, in both directions where
 * the mechanism has two.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class KnownAnswerTest extends CryptoTest {
    private static byte[] hex(String s) {
        return JdkKeys.hex(s);
    }

    static Stream<Arguments> blockCiphers() {
        return Stream.of(
                Vectors.AES_ECB.stream().map(v -> Arguments.of(v.name(), CKM.AES_ECB, v)),
                Vectors.AES_CBC.stream().map(v -> Arguments.of(v.name(), CKM.AES_CBC, v)),
                Vectors.AES_CTR.stream().map(v -> Arguments.of(v.name(), CKM.AES_CTR, v))).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blockCiphers")
    void blockCipher(String name, long mechanism, Vectors.Cipher v) {
        Mechanism m = mechanism == CKM.AES_ECB ? Mechanism.of(mechanism)
                : mechanism == CKM.AES_CTR ? Mechanism.of(mechanism, new AesCtrParameter(128, hex(v.iv())))
                : Mechanism.of(mechanism, new ByteArrayParameter(hex(v.iv())));
        ObjectHandle key = aes(hex(v.key()));
        assertThat(session.encrypt(m, key, hex(v.plaintext())), is(hex(v.ciphertext())));
        assertThat(session.decrypt(m, key, hex(v.ciphertext())), is(hex(v.plaintext())));
    }

    static Stream<Arguments> gcm() {
        return Vectors.AES_GCM.stream().map(v -> Arguments.of(v.name(), v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gcm")
    void gcm(String name, Vectors.Gcm v) {
        Mechanism m = Mechanism.of(CKM.AES_GCM, new GcmParameter(hex(v.iv()), 96, hex(v.aad()), 128));
        ObjectHandle key = aes(hex(v.key()));
        byte[] sealed = concat(hex(v.ciphertext()), hex(v.tag()));
        assertThat(session.encrypt(m, key, hex(v.plaintext())), is(sealed));
        assertThat(session.decrypt(m, key, sealed), is(hex(v.plaintext())));
    }

    static Stream<Arguments> keyWraps() {
        return Stream.of(
                Vectors.AES_KEY_WRAP.stream().map(v -> Arguments.of(v.name(), CKM.AES_KEY_WRAP, v)),
                Vectors.AES_KEY_WRAP_PAD.stream().map(v -> Arguments.of(v.name(), CKM.AES_KEY_WRAP_KWP, v)),
                // the pre-3.0 value, kept as an alias of KWP (SoftHSMv2 and older clients use it)
                Vectors.AES_KEY_WRAP_PAD.stream().map(v -> Arguments.of(v.name() + " as CKM_AES_KEY_WRAP_PAD",
                        CKM.AES_KEY_WRAP_PAD, v))).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyWraps")
    void keyWrap(String name, long mechanism, Vectors.KeyWrap v) {
        ObjectHandle kek = aes(hex(v.kek()));
        byte[] keyData = hex(v.keyData());
        boolean aesSized = keyData.length == 16 || keyData.length == 24 || keyData.length == 32;
        long keyType = aesSized ? CKK.AES : CKK.GENERIC_SECRET;
        ObjectHandle key = secret(keyType, keyData, Attribute.EXTRACTABLE.of(true));
        Mechanism m = Mechanism.of(mechanism);

        assertThat("C_WrapKey", session.wrapKey(m, kek, key), is(hex(v.wrapped())));
        ObjectHandle unwrapped = session.unwrapKey(m, kek, hex(v.wrapped()), readableSecret(keyType, 0));
        assertThat("C_UnwrapKey", valueOf(unwrapped), is(keyData));
        assertThat("C_Encrypt", session.encrypt(m, kek, keyData), is(hex(v.wrapped())));
        assertThat("C_Decrypt", session.decrypt(m, kek, hex(v.wrapped())), is(keyData));
    }

    static Stream<Arguments> macs() {
        return Stream.of(
                Vectors.AES_CMAC.stream().map(v -> Arguments.of(v.name(), CKM.AES_CMAC, CKM.AES_CMAC_GENERAL, 16, v)),
                Vectors.HMAC_SHA224.stream().map(v -> Arguments.of(v.name(), CKM.SHA224_HMAC, CKM.SHA224_HMAC_GENERAL, 28, v)),
                Vectors.HMAC_SHA256.stream().map(v -> Arguments.of(v.name(), CKM.SHA256_HMAC, CKM.SHA256_HMAC_GENERAL, 32, v)),
                Vectors.HMAC_SHA384.stream().map(v -> Arguments.of(v.name(), CKM.SHA384_HMAC, CKM.SHA384_HMAC_GENERAL, 48, v)),
                Vectors.HMAC_SHA512.stream().map(v -> Arguments.of(v.name(), CKM.SHA512_HMAC, CKM.SHA512_HMAC_GENERAL, 64, v)))
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("macs")
    void mac(String name, long full, long general, int fullLength, Vectors.Mac v) {
        ObjectHandle key = mechanismKey(full, hex(v.key()));
        byte[] expected = hex(v.mac());
        Mechanism m = expected.length == fullLength ? Mechanism.of(full)
                : Mechanism.of(general, new LongParameter(expected.length));
        assertThat(session.sign(m, key, hex(v.message())), is(expected));
        assertThat(session.verify(m, key, hex(v.message()), expected), is(true));
        Mechanism truncated = Mechanism.of(general, new LongParameter(10));
        assertThat(session.sign(truncated, key, hex(v.message())), is(Arrays.copyOf(expected, 10)));
    }

    private ObjectHandle mechanismKey(long mechanism, byte[] value) {
        return mechanism == CKM.AES_CMAC ? aes(value) : generic(value);
    }

    static Stream<Arguments> ed25519() {
        return Vectors.ED25519.stream().map(v -> Arguments.of(v.name(), v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ed25519")
    void ed25519(String name, Vectors.Ed25519 v) {
        ObjectHandle priv = session.createObject(Template.builder()
                .set(Attribute.CLASS, CKO.PRIVATE_KEY).set(Attribute.KEY_TYPE, CKK.EC_EDWARDS)
                .set(Attribute.EC_PARAMS, JdkKeys.ED25519.params()).set(Attribute.VALUE, hex(v.secretKey()))
                .set(Attribute.SIGN, true).build());
        ObjectHandle pub = session.createObject(Template.builder()
                .set(Attribute.CLASS, CKO.PUBLIC_KEY).set(Attribute.KEY_TYPE, CKK.EC_EDWARDS)
                .set(Attribute.EC_PARAMS, JdkKeys.ED25519.params()).set(Attribute.EC_POINT, hex(v.publicKey()))
                .set(Attribute.VERIFY, true).build());
        assertThat(session.sign(Mechanism.of(CKM.EDDSA), priv, hex(v.message())), is(hex(v.signature())));
        assertThat(session.verify(Mechanism.of(CKM.EDDSA), pub, hex(v.message()), hex(v.signature())), is(true));
        byte[] info = session.getAttributes(priv, Attribute.PUBLIC_KEY_INFO).get(Attribute.PUBLIC_KEY_INFO);
        assertThat("the private key's CKA_PUBLIC_KEY_INFO holds its public key",
                Arrays.copyOfRange(info, info.length - 32, info.length), is(hex(v.publicKey())));
    }

    static Stream<Arguments> hkdf() {
        return Vectors.HKDF_SHA256.stream().map(v -> Arguments.of(v.name(), v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hkdf")
    void hkdf(String name, Vectors.Hkdf v) {
        ObjectHandle ikm = generic(hex(v.ikm()));
        byte[] salt = hex(v.salt());
        long saltType = salt.length == 0 ? CKF.HKDF_SALT_NULL : CKF.HKDF_SALT_DATA;
        byte[] saltOrNull = salt.length == 0 ? null : salt;

        HkdfParameter both = new HkdfParameter(true, true, CKM.SHA256, saltType, saltOrNull, 0, hex(v.info()));
        ObjectHandle okm = session.deriveKey(Mechanism.of(CKM.HKDF_DERIVE, both), ikm,
                readableSecret(CKK.GENERIC_SECRET, v.length()));
        assertThat("extract and expand", valueOf(okm), is(hex(v.okm())));

        HkdfParameter extract = new HkdfParameter(true, false, CKM.SHA256, saltType, saltOrNull, 0, null);
        ObjectHandle prk = session.deriveKey(Mechanism.of(CKM.HKDF_DERIVE, extract), ikm,
                readableSecret(CKK.GENERIC_SECRET, 0, Attribute.DERIVE.of(true)));
        assertThat("extract only: the PRK", valueOf(prk), is(hex(v.prk())));

        HkdfParameter expand = new HkdfParameter(false, true, CKM.SHA256, CKF.HKDF_SALT_NULL, null, 0, hex(v.info()));
        ObjectHandle fromPrk = session.deriveKey(Mechanism.of(CKM.HKDF_DERIVE, expand), prk,
                readableSecret(CKK.GENERIC_SECRET, v.length()));
        assertThat("expand only, from the PRK", valueOf(fromPrk), is(hex(v.okm())));
    }

    static Stream<Arguments> x25519() {
        return Vectors.X25519.stream().map(v -> Arguments.of(v.name(), v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("x25519")
    void x25519(String name, Vectors.X25519 v) {
        ObjectHandle priv = montgomeryPrivate(JdkKeys.X25519, hex(v.scalar()));
        Mechanism m = Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.NULL, null, hex(v.uCoordinate())));
        ObjectHandle shared = session.deriveKey(m, priv, readableSecret(CKK.GENERIC_SECRET, 32));
        assertThat(valueOf(shared), is(hex(v.output())));
    }

    /** The vectors that compute a public key, X25519(k, 9). */
    static Stream<Arguments> x25519PublicKeys() {
        String basePoint = "09" + "00".repeat(31);
        return Vectors.X25519.stream().filter(v -> v.uCoordinate().equals(basePoint)).map(v -> Arguments.of(v.name(), v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("x25519PublicKeys")
    void x25519PublicKeyOfAPrivateKey(String name, Vectors.X25519 v) {
        ObjectHandle priv = montgomeryPrivate(JdkKeys.X25519, hex(v.scalar()));
        byte[] info = session.getAttributes(priv, Attribute.PUBLIC_KEY_INFO).get(Attribute.PUBLIC_KEY_INFO);
        assertThat(Arrays.copyOfRange(info, info.length - 32, info.length), is(hex(v.output())));
    }
}
