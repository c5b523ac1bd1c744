package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.Application;
import org.p11plug.api.Attribute;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Pin;
import org.p11plug.api.Session;
import org.p11plug.api.Template;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CKG;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.param.ByteArrayParameter;
import org.p11plug.api.param.GcmParameter;
import org.p11plug.api.param.RsaPkcsOaepParameter;

/**
 * Key wrapping both ways with the JDK: AES key wrap (RFC 3394) and with padding (RFC 5649),
 * RSA-OAEP and AES-GCM; private keys travel as PKCS #8. And the wrapping rules: CKA_WRAP and
 * CKA_UNWRAP, CKA_EXTRACTABLE, CKA_WRAP_WITH_TRUSTED with CKA_TRUSTED, the wrap and unwrap
 * templates, and the attributes an unwrapped key is given.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class WrapTest extends CryptoTest {
    private static final byte[] KEK = JdkKeys.hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] KEY = JdkKeys.hex("00112233445566778899aabbccddeeff0001020304050607");
    private static final byte[] NONCE = JdkKeys.hex("0102030405060708090a0b0c");

    private ObjectHandle extractableAes(byte[] value) {
        return aes(value, Attribute.EXTRACTABLE.of(true));
    }

    private static byte[] jdk(String transformation, int mode, Key key, java.security.spec.AlgorithmParameterSpec spec,
            byte[] input) throws Exception {
        Cipher c = Cipher.getInstance(transformation);
        if (spec == null) {
            c.init(mode, key);
        } else {
            c.init(mode, key, spec);
        }
        return c.doFinal(input);
    }

    @Test
    void aesKeyWrapBothWays() throws Exception {
        ObjectHandle kek = aes(KEK);
        SecretKeySpec jdkKek = new SecretKeySpec(KEK, "AES");
        for (String[] pair : new String[][] {{"KW", "AES/KW/NoPadding"}, {"KWP", "AES/KWP/NoPadding"}}) {
            Mechanism m = Mechanism.of(pair[0].equals("KW") ? CKM.AES_KEY_WRAP : CKM.AES_KEY_WRAP_KWP);
            byte[] wrapped = session.wrapKey(m, kek, extractableAes(KEY));
            assertThat(pair[0], jdk(pair[1], Cipher.DECRYPT_MODE, jdkKek, null, wrapped), is(KEY));

            byte[] fromJdk = jdk(pair[1], Cipher.ENCRYPT_MODE, jdkKek, null, KEY);
            ObjectHandle unwrapped = session.unwrapKey(m, kek, fromJdk, readableSecret(CKK.AES, 0, Attribute.ENCRYPT.of(true)));
            assertThat(valueOf(unwrapped), is(KEY));
            byte[] block = new byte[16];
            assertThat("the unwrapped key works", session.encrypt(Mechanism.of(CKM.AES_ECB), unwrapped, block),
                    is(jdk("AES/ECB/NoPadding", Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), null, block)));
        }
    }

    @Test
    void keyWrapWithoutPaddingZeroPadsAndValueLenTrims() {
        ObjectHandle kek = aes(KEK);
        byte[] twenty = Arrays.copyOf(KEY, 20);
        byte[] wrapped = session.wrapKey(Mechanism.of(CKM.AES_KEY_WRAP), kek, generic(twenty, Attribute.EXTRACTABLE.of(true)));
        assertThat("padded to whole semiblocks", wrapped.length, is(24 + 8));
        ObjectHandle unwrapped = session.unwrapKey(Mechanism.of(CKM.AES_KEY_WRAP), kek, wrapped,
                readableSecret(CKK.GENERIC_SECRET, 20));
        assertThat(valueOf(unwrapped), is(twenty));
    }

    static Stream<Object[]> privateKeys() {
        return Stream.of(new Object[] {"RSA"}, new Object[] {"EC"}, new Object[] {"Ed25519"}, new Object[] {"X25519"});
    }

    private ObjectHandle privateKeyOnToken(String kind) {
        return switch (kind) {
            case "RSA" -> rsaPrivate(JdkKeys.rsa2048(), Attribute.EXTRACTABLE.of(true));
            case "EC" -> ecPrivate(JdkKeys.P256, JdkKeys.pair(JdkKeys.P256), Attribute.EXTRACTABLE.of(true));
            case "Ed25519" -> edPrivate(JdkKeys.ED25519, JdkKeys.pair(JdkKeys.ED25519), Attribute.EXTRACTABLE.of(true));
            default -> montgomeryPrivate(JdkKeys.X25519, JdkKeys.pair(JdkKeys.X25519), Attribute.EXTRACTABLE.of(true));
        };
    }

    private static KeyPair jdkPair(String kind) {
        return switch (kind) {
            case "RSA" -> JdkKeys.rsa2048();
            case "EC" -> JdkKeys.pair(JdkKeys.P256);
            case "Ed25519" -> JdkKeys.pair(JdkKeys.ED25519);
            default -> JdkKeys.pair(JdkKeys.X25519);
        };
    }

    private static long keyType(String kind) {
        return switch (kind) {
            case "RSA" -> CKK.RSA;
            case "EC" -> CKK.EC;
            case "Ed25519" -> CKK.EC_EDWARDS;
            default -> CKK.EC_MONTGOMERY;
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("privateKeys")
    void privateKeysAreWrappedAsPkcs8(String kind) throws Exception {
        ObjectHandle kek = aes(KEK);
        byte[] wrapped = session.wrapKey(Mechanism.of(CKM.AES_KEY_WRAP_KWP), kek, privateKeyOnToken(kind));
        byte[] pkcs8 = jdk("AES/KWP/NoPadding", Cipher.DECRYPT_MODE, new SecretKeySpec(KEK, "AES"), null, wrapped);
        PrivateKey decoded = KeyFactory.getInstance(jdkPair(kind).getPrivate().getAlgorithm())
                .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        assertThat("the JDK reads the same private key", sameKey(decoded, jdkPair(kind).getPrivate()), is(true));
    }

    /** Keys compared by value: the PKCS #8 encodings may differ in optional fields. */
    private static boolean sameKey(PrivateKey a, PrivateKey b) {
        if (a instanceof java.security.interfaces.RSAPrivateKey ra) {
            return ra.getPrivateExponent().equals(((java.security.interfaces.RSAPrivateKey) b).getPrivateExponent())
                    && ra.getModulus().equals(((java.security.interfaces.RSAPrivateKey) b).getModulus());
        }
        if (a instanceof java.security.interfaces.ECPrivateKey ea) {
            return ea.getS().equals(((java.security.interfaces.ECPrivateKey) b).getS());
        }
        if (a instanceof java.security.interfaces.EdECPrivateKey ed) {
            return Arrays.equals(ed.getBytes().orElseThrow(), ((java.security.interfaces.EdECPrivateKey) b).getBytes().orElseThrow());
        }
        return Arrays.equals(((java.security.interfaces.XECPrivateKey) a).getScalar().orElseThrow(),
                ((java.security.interfaces.XECPrivateKey) b).getScalar().orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("privateKeys")
    void pkcs8FromTheJdkUnwraps(String kind) throws Exception {
        ObjectHandle kek = aes(KEK);
        KeyPair pair = jdkPair(kind);
        byte[] wrapped = jdk("AES/KWP/NoPadding", Cipher.ENCRYPT_MODE, new SecretKeySpec(KEK, "AES"), null,
                pair.getPrivate().getEncoded());
        boolean agreement = kind.equals("X25519");
        Template t = Template.builder().set(Attribute.CLASS, CKO.PRIVATE_KEY).set(Attribute.KEY_TYPE, keyType(kind))
                .set(agreement ? Attribute.DERIVE : Attribute.SIGN, true).build();
        ObjectHandle key = session.unwrapKey(Mechanism.of(CKM.AES_KEY_WRAP_KWP), kek, wrapped, t);
        byte[] info = session.getAttributes(key, Attribute.PUBLIC_KEY_INFO).get(Attribute.PUBLIC_KEY_INFO);
        assertThat("CKA_PUBLIC_KEY_INFO is the pair's public key", info, is(pair.getPublic().getEncoded()));
        if (!agreement) {
            Mechanism sign = switch (kind) {
                case "RSA" -> Mechanism.of(CKM.SHA256_RSA_PKCS);
                case "EC" -> Mechanism.of(CKM.ECDSA_SHA256);
                default -> Mechanism.of(CKM.EDDSA);
            };
            String jdk = switch (kind) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSAinP1363Format";
                default -> "Ed25519";
            };
            byte[] signature = session.sign(sign, key, KEY);
            assertThat(SignatureInteropTest.jdkVerify(jdk, null, pair, KEY, signature), is(true));
        }
    }

    @Test
    void rsaOaepWrapsSecretKeysBothWays() throws Exception {
        KeyPair pair = JdkKeys.rsa2048();
        Mechanism m = Mechanism.of(CKM.RSA_PKCS_OAEP, new RsaPkcsOaepParameter(CKM.SHA256, CKG.MGF1_SHA256, 0, null));
        OAEPParameterSpec spec = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
        byte[] wrapped = session.wrapKey(m, rsaPublic(pair), extractableAes(KEY));
        assertThat(jdk("RSA/ECB/OAEPPadding", Cipher.DECRYPT_MODE, pair.getPrivate(), spec, wrapped), is(KEY));

        byte[] fromJdk = jdk("RSA/ECB/OAEPPadding", Cipher.ENCRYPT_MODE, pair.getPublic(), spec, KEY);
        ObjectHandle unwrapped = session.unwrapKey(m, rsaPrivate(pair), fromJdk, readableSecret(CKK.AES, 0));
        assertThat(valueOf(unwrapped), is(KEY));
    }

    @Test
    void gcmWrapsBothWays() throws Exception {
        ObjectHandle kek = aes(KEK);
        Mechanism m = Mechanism.of(CKM.AES_GCM, GcmParameter.of(NONCE, 128));
        byte[] wrapped = session.wrapKey(m, kek, extractableAes(KEY));
        assertThat(wrapped.length, is(KEY.length + 16));
        assertThat(jdk("AES/GCM/NoPadding", Cipher.DECRYPT_MODE, new SecretKeySpec(KEK, "AES"),
                new GCMParameterSpec(128, NONCE), wrapped), is(KEY));
        byte[] fromJdk = jdk("AES/GCM/NoPadding", Cipher.ENCRYPT_MODE, new SecretKeySpec(KEK, "AES"),
                new GCMParameterSpec(128, NONCE), KEY);
        assertThat(valueOf(session.unwrapKey(m, kek, fromJdk, readableSecret(CKK.AES, 0))), is(KEY));
        fromJdk[3] ^= 1;
        assertCkr(CKR.WRAPPED_KEY_INVALID, () -> session.unwrapKey(m, kek, fromJdk, readableSecret(CKK.AES, 0)));
    }

    @Test
    void cbcPadWrapsBothWays() throws Exception {
        ObjectHandle kek = aes(KEK);
        byte[] iv = Arrays.copyOf(NONCE, 16);
        Mechanism m = Mechanism.of(CKM.AES_CBC_PAD, new ByteArrayParameter(iv));
        byte[] wrapped = session.wrapKey(m, kek, extractableAes(KEY));
        assertThat(jdk("AES/CBC/PKCS5Padding", Cipher.DECRYPT_MODE, new SecretKeySpec(KEK, "AES"),
                new javax.crypto.spec.IvParameterSpec(iv), wrapped), is(KEY));
        assertThat(valueOf(session.unwrapKey(m, kek, wrapped, readableSecret(CKK.AES, 0))), is(KEY));
    }

    @Test
    void unpaddedBlockModesWrapWholeBlockKeys() throws Exception {
        ObjectHandle kek = aes(KEK);
        SecretKeySpec jdkKek = new SecretKeySpec(KEK, "AES");
        byte[] iv = Arrays.copyOf(NONCE, 16);
        Object[][] modes = {
                {Mechanism.of(CKM.AES_ECB), "AES/ECB/NoPadding", null},
                {Mechanism.of(CKM.AES_CBC, new ByteArrayParameter(iv)), "AES/CBC/NoPadding", new javax.crypto.spec.IvParameterSpec(iv)},
                {Mechanism.of(CKM.AES_CTR, new org.p11plug.api.param.AesCtrParameter(128, iv)), "AES/CTR/NoPadding",
                        new javax.crypto.spec.IvParameterSpec(iv)}};
        byte[] key32 = Arrays.copyOf(KEY, 32);
        for (Object[] mode : modes) {
            Mechanism m = (Mechanism) mode[0];
            byte[] wrapped = session.wrapKey(m, kek, extractableAes(key32));
            assertThat(m.name(), jdk((String) mode[1], Cipher.DECRYPT_MODE, jdkKek,
                    (java.security.spec.AlgorithmParameterSpec) mode[2], wrapped), is(key32));
            assertThat(valueOf(session.unwrapKey(m, kek, wrapped, readableSecret(CKK.AES, 0))), is(key32));
        }
        // a key that is not whole blocks cannot be wrapped without padding
        assertCkr(CKR.KEY_SIZE_RANGE, () -> session.wrapKey(Mechanism.of(CKM.AES_ECB), kek,
                generic(new byte[20], Attribute.EXTRACTABLE.of(true))));
    }

    @Test
    void usageAttributesAreEnforced() {
        ObjectHandle noWrap = aes(KEK, Attribute.WRAP.of(false), Attribute.UNWRAP.of(false));
        ObjectHandle key = extractableAes(KEY);
        Mechanism kw = Mechanism.of(CKM.AES_KEY_WRAP);
        assertCkr(CKR.KEY_FUNCTION_NOT_PERMITTED, () -> session.wrapKey(kw, noWrap, key));
        byte[] wrapped = session.wrapKey(kw, aes(KEK), key);
        assertCkr(CKR.KEY_FUNCTION_NOT_PERMITTED, () -> session.unwrapKey(kw, noWrap, wrapped, readableSecret(CKK.AES, 0)));
        assertCkr(CKR.KEY_UNEXTRACTABLE, () -> session.wrapKey(kw, aes(KEK), aes(KEY, Attribute.EXTRACTABLE.of(false))));
        assertCkr(CKR.WRAPPING_KEY_TYPE_INCONSISTENT, () -> session.wrapKey(kw, generic(KEK), key));
        assertCkr(CKR.WRAPPING_KEY_HANDLE_INVALID, () -> session.wrapKey(kw, new ObjectHandle(0xdead), key));
        assertCkr(CKR.KEY_HANDLE_INVALID, () -> session.wrapKey(kw, aes(KEK), new ObjectHandle(0xdead)));
        assertCkr(CKR.KEY_NOT_WRAPPABLE, () -> session.wrapKey(kw, aes(KEK), rsaPublic(JdkKeys.rsa2048())));
    }

    @Test
    void badWrappedKeysAreRefused() {
        ObjectHandle kek = aes(KEK);
        byte[] wrapped = session.wrapKey(Mechanism.of(CKM.AES_KEY_WRAP), kek, extractableAes(KEY));
        wrapped[0] ^= 1;
        assertCkr(CKR.WRAPPED_KEY_INVALID,
                () -> session.unwrapKey(Mechanism.of(CKM.AES_KEY_WRAP), kek, wrapped, readableSecret(CKK.AES, 0)));
        assertCkr(CKR.WRAPPED_KEY_LEN_RANGE, () -> session.unwrapKey(Mechanism.of(CKM.AES_KEY_WRAP), kek,
                Arrays.copyOf(wrapped, 20), readableSecret(CKK.AES, 0)));
        assertCkr(CKR.TEMPLATE_INCOMPLETE, () -> session.unwrapKey(Mechanism.of(CKM.AES_KEY_WRAP), kek, wrapped,
                Template.of(Attribute.CLASS.of(CKO.SECRET_KEY))));
    }

    @Test
    void unwrappedKeysAreNotLocalAndWereNotAlwaysSensitive() {
        ObjectHandle kek = aes(KEK);
        byte[] wrapped = session.wrapKey(Mechanism.of(CKM.AES_KEY_WRAP), kek, extractableAes(KEY));
        ObjectHandle unwrapped = session.unwrapKey(Mechanism.of(CKM.AES_KEY_WRAP), kek, wrapped,
                Template.of(Attribute.CLASS.of(CKO.SECRET_KEY), Attribute.KEY_TYPE.of(CKK.AES),
                        Attribute.SENSITIVE.of(true), Attribute.EXTRACTABLE.of(false)));
        var a = session.getAttributes(unwrapped, Attribute.LOCAL, Attribute.ALWAYS_SENSITIVE,
                Attribute.NEVER_EXTRACTABLE, Attribute.KEY_GEN_MECHANISM, Attribute.VALUE_LEN);
        assertThat(a.get(Attribute.LOCAL), is(false));
        assertThat(a.get(Attribute.ALWAYS_SENSITIVE), is(false));
        assertThat(a.get(Attribute.NEVER_EXTRACTABLE), is(false));
        assertThat(a.get(Attribute.KEY_GEN_MECHANISM), is(org.p11plug.api.ck.CK.UNAVAILABLE_INFORMATION));
        assertThat(a.get(Attribute.VALUE_LEN), is(24L));
        assertCkr(CKR.ATTRIBUTE_SENSITIVE, () -> session.getAttributes(unwrapped, Attribute.VALUE).get(Attribute.VALUE));
    }

    @Test
    void theUnwrapTemplateOfTheUnwrappingKeyApplies() {
        Template required = Template.of(Attribute.ENCRYPT.of(false), Attribute.SENSITIVE.of(true));
        ObjectHandle kek = aes(KEK, Attribute.UNWRAP_TEMPLATE.of(required));
        byte[] wrapped = session.wrapKey(Mechanism.of(CKM.AES_KEY_WRAP), aes(KEK), extractableAes(KEY));
        Template base = Template.of(Attribute.CLASS.of(CKO.SECRET_KEY), Attribute.KEY_TYPE.of(CKK.AES));

        ObjectHandle unwrapped = session.unwrapKey(Mechanism.of(CKM.AES_KEY_WRAP), kek, wrapped, base);
        var a = session.getAttributes(unwrapped, Attribute.ENCRYPT, Attribute.SENSITIVE);
        assertThat("taken from CKA_UNWRAP_TEMPLATE", a.get(Attribute.ENCRYPT), is(false));
        assertThat(a.get(Attribute.SENSITIVE), is(true));

        assertCkr(CKR.TEMPLATE_INCONSISTENT, () -> session.unwrapKey(Mechanism.of(CKM.AES_KEY_WRAP), kek, wrapped,
                base.with(Attribute.ENCRYPT, true)));
        ObjectHandle agreeing = session.unwrapKey(Mechanism.of(CKM.AES_KEY_WRAP), kek, wrapped, base.with(Attribute.ENCRYPT, false));
        assertThat(session.getAttributes(agreeing, Attribute.ENCRYPT).get(Attribute.ENCRYPT), is(false));
    }

    @Test
    void theWrapTemplateOfTheWrappingKeyApplies() {
        ObjectHandle kek = aes(KEK, Attribute.WRAP_TEMPLATE.of(Template.of(Attribute.KEY_TYPE.of(CKK.AES))));
        byte[] wrapped = session.wrapKey(Mechanism.of(CKM.AES_KEY_WRAP), kek, extractableAes(KEY));
        assertThat(wrapped.length, is(32));
        assertCkr(CKR.KEY_NOT_WRAPPABLE,
                () -> session.wrapKey(Mechanism.of(CKM.AES_KEY_WRAP), kek, generic(KEY, Attribute.EXTRACTABLE.of(true))));
    }

    @Test
    void wrapWithTrustedNeedsATrustedWrappingKey() throws Exception {
        requireTokenSecretKeys();
        ObjectHandle precious = extractableAes(KEY);
        session.setAttributes(precious, Template.of(Attribute.WRAP_WITH_TRUSTED.of(true)));
        Mechanism kw = Mechanism.of(CKM.AES_KEY_WRAP);
        assertCkr(CKR.KEY_NOT_WRAPPABLE, () -> session.wrapKey(kw, aes(KEK), precious));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> session.setAttributes(precious, Template.of(Attribute.WRAP_WITH_TRUSTED.of(false))));

        // only the security officer marks a key trusted: another application logs in as SO and makes one
        try (Application so = service.openApplication()) {
            Session soSession = so.getSlot(slot).getToken().openReadWriteSession();
            try (Pin pin = Pin.ofUtf8(fixture.soPin())) {
                soSession.login(UserType.SO, pin);
            }
            soSession.createObject(Template.builder()
                    .set(Attribute.CLASS, CKO.SECRET_KEY).set(Attribute.KEY_TYPE, CKK.AES).set(Attribute.VALUE, KEK)
                    .set(Attribute.TOKEN, true).set(Attribute.PRIVATE, false).set(Attribute.WRAP, true)
                    .set(Attribute.TRUSTED, true).set(Attribute.LABEL, "trusted kek").build());
        }
        ObjectHandle found = session.findObject(Template.of(Attribute.LABEL.of("trusted kek"))).orElseThrow();
        byte[] wrapped = session.wrapKey(kw, found, precious);
        assertThat(jdk("AES/KW/NoPadding", Cipher.DECRYPT_MODE, new SecretKeySpec(KEK, "AES"), null, wrapped), is(KEY));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> session.createObject(Template.builder()
                .set(Attribute.CLASS, CKO.SECRET_KEY).set(Attribute.KEY_TYPE, CKK.AES).set(Attribute.VALUE, KEK)
                .set(Attribute.TRUSTED, true).build()));
        session.destroyObject(found);
    }
}
