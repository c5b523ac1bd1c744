package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.Attribute;
import org.p11plug.api.KeyPair;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Template;
import org.p11plug.api.ck.CKD;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.param.Ecdh1DeriveParameter;
import org.p11plug.api.param.HkdfParameter;

/**
 * Key derivation against the JDK: ECDH on the NIST curves (with and without the X9.63 KDF, the
 * other party's point raw or DER-wrapped), X25519 and X448 through CKM_ECDH1_DERIVE, HKDF with
 * every salt type; and the attributes a derived key inherits from its base key.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class DeriveTest extends CryptoTest {
    static Stream<JdkKeys.Curve> nistCurves() {
        return Stream.of(JdkKeys.P256, JdkKeys.P384, JdkKeys.P521);
    }

    private static byte[] jdkAgreement(String algorithm, java.security.KeyPair mine, java.security.KeyPair theirs)
            throws Exception {
        KeyAgreement ka = KeyAgreement.getInstance(algorithm);
        ka.init(mine.getPrivate());
        ka.doPhase(theirs.getPublic(), true);
        return ka.generateSecret();
    }

    @ParameterizedTest
    @MethodSource("nistCurves")
    void ecdhAgreesWithTheJdk(JdkKeys.Curve curve) throws Exception {
        java.security.KeyPair a = JdkKeys.pair(curve, "1");
        java.security.KeyPair b = JdkKeys.pair(curve, "2");
        byte[] z = jdkAgreement("ECDH", b, a);
        ObjectHandle priv = ecPrivate(curve, a);
        byte[] point = JdkKeys.uncompressed(curve, (ECPublicKey) b.getPublic());
        for (long mechanism : new long[] {CKM.ECDH1_DERIVE, CKM.ECDH1_COFACTOR_DERIVE}) {
            for (byte[] publicData : new byte[][] {point, JdkKeys.octetString(point)}) {
                ObjectHandle shared = session.deriveKey(
                        Mechanism.of(mechanism, new Ecdh1DeriveParameter(CKD.NULL, null, publicData)), priv,
                        readableSecret(CKK.GENERIC_SECRET, z.length));
                assertThat(valueOf(shared), is(z));
            }
        }
        ObjectHandle noLength = session.deriveKey(Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.NULL, null, point)),
                priv, readableSecret(CKK.GENERIC_SECRET, 0));
        assertThat("without CKA_VALUE_LEN the key is the whole shared secret", valueOf(noLength), is(z));
    }

    @ParameterizedTest
    @MethodSource("nistCurves")
    void ecdhWithTheX963Kdf(JdkKeys.Curve curve) throws Exception {
        java.security.KeyPair a = JdkKeys.pair(curve, "1");
        java.security.KeyPair b = JdkKeys.pair(curve, "2");
        byte[] z = jdkAgreement("ECDH", b, a);
        byte[] info = "shared info".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] point = JdkKeys.uncompressed(curve, (ECPublicKey) b.getPublic());
        ObjectHandle key = session.deriveKey(Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.SHA256_KDF, info, point)),
                ecPrivate(curve, a), readableSecret(CKK.GENERIC_SECRET, 48));
        assertThat(valueOf(key), is(x963("SHA-256", z, info, 48)));
        ObjectHandle aes = session.deriveKey(Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.SHA512_KDF, null, point)),
                ecPrivate(curve, a), readableSecret(CKK.AES, 32));
        assertThat(valueOf(aes), is(x963("SHA-512", z, new byte[0], 32)));
    }

    /** ANSI X9.63 / SEC 1 KDF: Hash(Z || counter || SharedInfo), counter from 1, big-endian 32 bits. */
    private static byte[] x963(String hash, byte[] z, byte[] info, int length) throws Exception {
        MessageDigest md = MessageDigest.getInstance(hash);
        byte[] out = new byte[0];
        for (int counter = 1; out.length < length; counter++) {
            md.update(z);
            md.update(ByteBuffer.allocate(4).putInt(counter).array());
            md.update(info);
            out = concat(out, md.digest());
        }
        return Arrays.copyOf(out, length);
    }

    static Stream<JdkKeys.Curve> montgomeryCurves() {
        return Stream.of(JdkKeys.X25519, JdkKeys.X448);
    }

    @ParameterizedTest
    @MethodSource("montgomeryCurves")
    void xdhThroughEcdh1DeriveAgreesWithTheJdk(JdkKeys.Curve curve) throws Exception {
        java.security.KeyPair a = JdkKeys.pair(curve, "1");
        java.security.KeyPair b = JdkKeys.pair(curve, "2");
        byte[] z = jdkAgreement("XDH", b, a);
        ObjectHandle priv = montgomeryPrivate(curve, a);
        byte[] raw = JdkKeys.rawPublic(b);
        for (byte[] publicData : new byte[][] {raw, JdkKeys.octetString(raw)}) {
            ObjectHandle shared = session.deriveKey(Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.NULL, null, publicData)),
                    priv, readableSecret(CKK.GENERIC_SECRET, z.length));
            assertThat(valueOf(shared), is(z));
        }
        byte[] info = {1, 2, 3};
        ObjectHandle kdf = session.deriveKey(Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.SHA256_KDF, info, raw)),
                priv, readableSecret(CKK.AES, 16));
        assertThat(valueOf(kdf), is(x963("SHA-256", z, info, 16)));
    }

    @Test
    void badDeriveParametersAreRefused() {
        java.security.KeyPair a = JdkKeys.pair(JdkKeys.P256, "1");
        ObjectHandle priv = ecPrivate(JdkKeys.P256, a);
        byte[] point = JdkKeys.uncompressed(JdkKeys.P256, (ECPublicKey) JdkKeys.pair(JdkKeys.P256, "2").getPublic());
        byte[] offCurve = point.clone();
        offCurve[40] ^= 1;
        Template t = readableSecret(CKK.GENERIC_SECRET, 32);
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> session.deriveKey(Mechanism.of(CKM.ECDH1_DERIVE), priv, t));
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> session.deriveKey(
                Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.NULL, null, offCurve)), priv, t));
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> session.deriveKey(
                Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(0x7777, null, point)), priv, t));
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> session.deriveKey(
                Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.NULL, new byte[] {1}, point)), priv, t));
        assertCkr(CKR.TEMPLATE_INCONSISTENT, () -> session.deriveKey(
                Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.NULL, null, point)), priv,
                readableSecret(CKK.GENERIC_SECRET, 33)));
        ObjectHandle noDerive = ecPrivate(JdkKeys.P256, a, Attribute.DERIVE.of(false));
        assertCkr(CKR.KEY_FUNCTION_NOT_PERMITTED, () -> session.deriveKey(
                Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.NULL, null, point)), noDerive, t));
        assertCkr(CKR.KEY_TYPE_INCONSISTENT, () -> session.deriveKey(
                Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.NULL, null, point)), generic(new byte[32]), t));
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID, () -> session.deriveKey(
                Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.SHA256_KDF, null, point)), priv,
                readableSecret(CKK.AES, 20)));
    }

    @Test
    void derivedKeysInheritSensitivityFromTheirBase() {
        // a pair generated on the token: its private half was always sensitive and never extractable
        KeyPair pair = session.generateKeyPair(Mechanism.of(CKM.EC_KEY_PAIR_GEN),
                Template.of(Attribute.EC_PARAMS.of(JdkKeys.P256.params())),
                Template.of(Attribute.DERIVE.of(true), Attribute.SENSITIVE.of(true), Attribute.EXTRACTABLE.of(false)));
        byte[] peer = JdkKeys.uncompressed(JdkKeys.P256, (ECPublicKey) JdkKeys.pair(JdkKeys.P256, "2").getPublic());
        Mechanism ecdh = Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.SHA256_KDF, null, peer));
        ObjectHandle strict = session.deriveKey(ecdh, pair.privateKey(), Template.of(Attribute.CLASS.of(CKO.SECRET_KEY),
                Attribute.KEY_TYPE.of(CKK.AES), Attribute.VALUE_LEN.of(32L), Attribute.SENSITIVE.of(true)));
        var s = session.getAttributes(strict, Attribute.LOCAL, Attribute.ALWAYS_SENSITIVE, Attribute.NEVER_EXTRACTABLE,
                Attribute.KEY_GEN_MECHANISM);
        assertThat(s.get(Attribute.LOCAL), is(false));
        assertThat(s.get(Attribute.ALWAYS_SENSITIVE), is(true));
        assertThat(s.get(Attribute.NEVER_EXTRACTABLE), is(true));

        ObjectHandle loose = session.deriveKey(ecdh, pair.privateKey(), readableSecret(CKK.AES, 32));
        var l = session.getAttributes(loose, Attribute.ALWAYS_SENSITIVE, Attribute.NEVER_EXTRACTABLE);
        assertThat(l.get(Attribute.ALWAYS_SENSITIVE), is(false));
        assertThat(l.get(Attribute.NEVER_EXTRACTABLE), is(false));

        // an imported base key was never known to be sensitive
        ObjectHandle imported = ecPrivate(JdkKeys.P256, JdkKeys.pair(JdkKeys.P256, "1"));
        ObjectHandle fromImported = session.deriveKey(ecdh, imported, Template.of(Attribute.CLASS.of(CKO.SECRET_KEY),
                Attribute.KEY_TYPE.of(CKK.AES), Attribute.VALUE_LEN.of(32L), Attribute.SENSITIVE.of(true)));
        assertThat(session.getAttributes(fromImported, Attribute.ALWAYS_SENSITIVE).get(Attribute.ALWAYS_SENSITIVE), is(false));
    }

    static Stream<Hash> hkdfHashes() {
        return Stream.of(Hash.SHA1, Hash.SHA256, Hash.SHA384, Hash.SHA512);
    }

    @ParameterizedTest
    @MethodSource("hkdfHashes")
    void hkdfAgreesWithHmacFromTheJdk(Hash h) throws Exception {
        byte[] ikm = "input keying material".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] salt = "salt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] info = "info".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int length = 2 * h.length + 3;
        byte[] expected = hkdf(h, ikm, salt, info, length);
        ObjectHandle base = generic(ikm);

        HkdfParameter withData = new HkdfParameter(true, true, h.digest, CKF.HKDF_SALT_DATA, salt, 0, info);
        assertThat(valueOf(session.deriveKey(Mechanism.of(CKM.HKDF_DERIVE, withData), base,
                readableSecret(CKK.GENERIC_SECRET, length))), is(expected));

        ObjectHandle saltKey = generic(salt);
        HkdfParameter withKey = new HkdfParameter(true, true, h.digest, CKF.HKDF_SALT_KEY, null, saltKey.value(), info);
        assertThat(valueOf(session.deriveKey(Mechanism.of(CKM.HKDF_DERIVE, withKey), base,
                readableSecret(CKK.GENERIC_SECRET, length))), is(expected));

        HkdfParameter nullSalt = new HkdfParameter(true, true, h.digest, CKF.HKDF_SALT_NULL, null, 0, info);
        assertThat(valueOf(session.deriveKey(Mechanism.of(CKM.HKDF_DERIVE, nullSalt), base,
                readableSecret(CKK.GENERIC_SECRET, 16))), is(hkdf(h, ikm, new byte[h.length], info, 16)));

        ObjectHandle aesKey = session.deriveKey(Mechanism.of(CKM.HKDF_DERIVE, withData), base, readableSecret(CKK.AES, 32));
        assertThat(valueOf(aesKey), is(Arrays.copyOf(expected, 32)));
    }

    @Test
    void badHkdfParametersAreRefused() {
        ObjectHandle base = generic(new byte[32]);
        Template t = readableSecret(CKK.GENERIC_SECRET, 32);
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> session.deriveKey(Mechanism.of(CKM.HKDF_DERIVE,
                new HkdfParameter(false, false, CKM.SHA256, CKF.HKDF_SALT_NULL, null, 0, null)), base, t));
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> session.deriveKey(Mechanism.of(CKM.HKDF_DERIVE,
                new HkdfParameter(true, true, CKM.MD5, CKF.HKDF_SALT_NULL, null, 0, null)), base, t));
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> session.deriveKey(Mechanism.of(CKM.HKDF_DERIVE,
                new HkdfParameter(true, true, CKM.SHA256, 0x40, null, 0, null)), base, t));
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> session.deriveKey(Mechanism.of(CKM.HKDF_DERIVE), base, t));
        assertCkr(CKR.KEY_SIZE_RANGE, () -> session.deriveKey(Mechanism.of(CKM.HKDF_DERIVE,
                new HkdfParameter(true, true, CKM.SHA256, CKF.HKDF_SALT_NULL, null, 0, null)), base,
                readableSecret(CKK.GENERIC_SECRET, 255 * 32 + 1)));
    }

    /** RFC 5869 written out with the JDK's HMAC. */
    private static byte[] hkdf(Hash h, byte[] ikm, byte[] salt, byte[] info, int length) throws Exception {
        Mac mac = Mac.getInstance(h.jdkHmac());
        mac.init(new SecretKeySpec(salt, "HMAC"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HMAC"));
        byte[] out = new byte[0];
        byte[] t = new byte[0];
        for (int i = 1; out.length < length; i++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) i);
            t = mac.doFinal();
            out = concat(out, t);
        }
        return Arrays.copyOf(out, length);
    }
}
