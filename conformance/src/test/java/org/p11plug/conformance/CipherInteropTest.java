package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.p11plug.api.CipherOperation;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.ck.CKZ;
import org.p11plug.api.param.AesCtrParameter;
import org.p11plug.api.param.ByteArrayParameter;
import org.p11plug.api.param.GcmParameter;
import org.p11plug.api.param.RsaPkcsOaepParameter;

/**
 * Every encryption mechanism against SunJCE and SunRsaSign, both ways, single- and multi-part,
 * with every AES key size; and the length and integrity errors each mode has.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class CipherInteropTest extends CryptoTest {
    private static final byte[] IV = JdkKeys.hex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] NONCE = JdkKeys.hex("cafebabefacedbaddecaf888");
    private static final byte[] AAD = "header that travels in clear".getBytes(StandardCharsets.US_ASCII);

    /** An AES mode as PKCS#11 and the JDK spell it. */
    record Mode(String name, long mechanism, String jdk, boolean wholeBlocks) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Object[]> aesCases() {
        List<Mode> modes = List.of(
                new Mode("ECB", CKM.AES_ECB, "AES/ECB/NoPadding", true),
                new Mode("CBC", CKM.AES_CBC, "AES/CBC/NoPadding", true),
                new Mode("CBC_PAD", CKM.AES_CBC_PAD, "AES/CBC/PKCS5Padding", false),
                new Mode("CTR", CKM.AES_CTR, "AES/CTR/NoPadding", false),
                new Mode("GCM", CKM.AES_GCM, "AES/GCM/NoPadding", false));
        List<Object[]> cases = new ArrayList<>();
        for (Mode m : modes) {
            for (int keyLength : new int[] {16, 24, 32}) {
                cases.add(new Object[] {m, keyLength});
            }
        }
        return cases.stream();
    }

    private static Mechanism mechanism(Mode mode) {
        if (mode.mechanism() == CKM.AES_ECB) {
            return Mechanism.of(CKM.AES_ECB);
        }
        if (mode.mechanism() == CKM.AES_CTR) {
            return Mechanism.of(CKM.AES_CTR, new AesCtrParameter(128, IV));
        }
        if (mode.mechanism() == CKM.AES_GCM) {
            return Mechanism.of(CKM.AES_GCM, new GcmParameter(NONCE, 96, AAD, 128));
        }
        return Mechanism.of(mode.mechanism(), new ByteArrayParameter(IV));
    }

    private static Cipher jdk(Mode mode, int direction, byte[] key) throws Exception {
        Cipher c = Cipher.getInstance(mode.jdk());
        SecretKeySpec k = new SecretKeySpec(key, "AES");
        if (mode.mechanism() == CKM.AES_ECB) {
            c.init(direction, k);
        } else if (mode.mechanism() == CKM.AES_GCM) {
            c.init(direction, k, new GCMParameterSpec(128, NONCE));
            c.updateAAD(AAD);
        } else {
            c.init(direction, k, new IvParameterSpec(IV));
        }
        return c;
    }

    private static byte[] key(int length) {
        byte[] k = new byte[length];
        for (int i = 0; i < length; i++) {
            k[i] = (byte) (0x11 * i + 3);
        }
        return k;
    }

    private static byte[] plaintext(Mode mode) {
        byte[] p = new byte[mode.wholeBlocks() ? 96 : 77];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 7);
        }
        return p;
    }

    @ParameterizedTest(name = "{0} AES-{1}")
    @MethodSource("aesCases")
    void aesAgreesWithTheJdk(Mode mode, int keyLength) throws Exception {
        byte[] keyBytes = key(keyLength);
        ObjectHandle key = aes(keyBytes);
        byte[] plain = plaintext(mode);
        byte[] expected = jdk(mode, Cipher.ENCRYPT_MODE, keyBytes).doFinal(plain);

        assertThat("single-part encryption", session.encrypt(mechanism(mode), key, plain), is(expected));
        assertThat("single-part decryption", session.decrypt(mechanism(mode), key, expected), is(plain));
        assertThat("multi-part encryption", multiPart(session.startEncrypt(mechanism(mode), key), plain), is(expected));
        assertThat("multi-part decryption", multiPart(session.startDecrypt(mechanism(mode), key), expected), is(plain));
        assertThat("the JDK decrypts the token's ciphertext",
                jdk(mode, Cipher.DECRYPT_MODE, keyBytes).doFinal(session.encrypt(mechanism(mode), key, plain)), is(plain));
    }

    private static byte[] multiPart(CipherOperation op, byte[] input) {
        try (op) {
            List<byte[]> out = new ArrayList<>();
            for (byte[] part : parts(input)) {
                out.add(op.update(part));
            }
            out.add(op.finish());
            return concat(out.toArray(byte[][]::new));
        }
    }

    @ParameterizedTest(name = "tag {0} bits")
    @ValueSource(ints = {96, 104, 112, 120, 128})
    void gcmTagLengths(int tagBits) throws Exception {
        byte[] keyBytes = key(32);
        ObjectHandle key = aes(keyBytes);
        byte[] plain = plaintext(new Mode("GCM", CKM.AES_GCM, "", false));
        Mechanism m = Mechanism.of(CKM.AES_GCM, new GcmParameter(NONCE, 96, AAD, tagBits));
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyBytes, "AES"), new GCMParameterSpec(tagBits, NONCE));
        c.updateAAD(AAD);
        byte[] expected = c.doFinal(plain);
        assertThat(expected.length, is(plain.length + tagBits / 8));
        assertThat(session.encrypt(m, key, plain), is(expected));
        assertThat(session.decrypt(m, key, expected), is(plain));
    }

    @Test
    void gcmDecryptionReleasesNothingBeforeTheTagIsChecked() {
        ObjectHandle key = aes(key(16));
        Mechanism m = Mechanism.of(CKM.AES_GCM, new GcmParameter(NONCE, 96, AAD, 128));
        byte[] plain = new byte[200];
        byte[] sealed = session.encrypt(m, key, plain);
        try (CipherOperation op = session.startDecrypt(m, key)) {
            for (byte[] part : parts(sealed)) {
                assertThat("no plaintext before C_DecryptFinal", op.update(part).length, is(0));
            }
            assertThat(op.finish(), is(plain));
        }

        sealed[10] ^= 1;
        try (CipherOperation op = session.startDecrypt(m, key)) {
            for (byte[] part : parts(sealed)) {
                assertThat(op.update(part).length, is(0));
            }
            assertCkr(CKR.ENCRYPTED_DATA_INVALID, op::finish);
        }
        assertCkr(CKR.ENCRYPTED_DATA_INVALID, () -> session.decrypt(m, key, sealed));
    }

    @Test
    void gcmChangedAadFails() {
        ObjectHandle key = aes(key(16));
        byte[] sealed = session.encrypt(Mechanism.of(CKM.AES_GCM, new GcmParameter(NONCE, 96, AAD, 128)), key, new byte[5]);
        byte[] otherAad = AAD.clone();
        otherAad[0] ^= 1;
        assertCkr(CKR.ENCRYPTED_DATA_INVALID,
                () -> session.decrypt(Mechanism.of(CKM.AES_GCM, new GcmParameter(NONCE, 96, otherAad, 128)), key, sealed));
    }

    @Test
    void gcmParametersOutsideTheRangeAreRefused() {
        ObjectHandle key = aes(key(16));
        for (GcmParameter bad : List.of(new GcmParameter(NONCE, 96, null, 64), new GcmParameter(NONCE, 96, null, 129),
                new GcmParameter(new byte[0], 0, null, 128), new GcmParameter(NONCE, 95, null, 128))) {
            assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> session.encrypt(Mechanism.of(CKM.AES_GCM, bad), key, new byte[16]));
        }
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> session.encrypt(Mechanism.of(CKM.AES_GCM), key, new byte[16]));
    }

    @Test
    void gcmWithALongIvAgreesWithTheJdk() throws Exception {
        byte[] keyBytes = key(16);
        byte[] iv = key(60);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyBytes, "AES"), new GCMParameterSpec(128, iv));
        byte[] plain = new byte[33];
        assertThat(session.encrypt(Mechanism.of(CKM.AES_GCM, GcmParameter.of(iv, 128)), aes(keyBytes), plain),
                is(c.doFinal(plain)));
    }

    @Test
    void ctrCounterMayNotWrap() throws Exception {
        ObjectHandle key = aes(key(16));
        byte[] block = JdkKeys.hex("f0f1f2f3f4f5f6f7f8f9fafbfffffffe");
        Mechanism m = Mechanism.of(CKM.AES_CTR, new AesCtrParameter(32, block));
        // two blocks use counters ...fffe and ...ffff: allowed
        byte[] two = session.encrypt(m, key, new byte[32]);
        Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key(16), "AES"), new IvParameterSpec(block));
        assertThat(two, is(c.doFinal(new byte[32])));
        // a third would wrap the 32 counter bits into the nonce
        assertCkr(CKR.DATA_LEN_RANGE, () -> session.encrypt(m, key, new byte[33]));
        assertCkr(CKR.MECHANISM_PARAM_INVALID,
                () -> session.encrypt(Mechanism.of(CKM.AES_CTR, new AesCtrParameter(0, block)), key, new byte[1]));
        assertCkr(CKR.MECHANISM_PARAM_INVALID,
                () -> session.encrypt(Mechanism.of(CKM.AES_CTR, new AesCtrParameter(129, block)), key, new byte[1]));
    }

    @Test
    void blockModesRefuseBadLengthsAndPadding() {
        ObjectHandle key = aes(key(16));
        Mechanism cbc = Mechanism.of(CKM.AES_CBC, new ByteArrayParameter(IV));
        Mechanism cbcPad = Mechanism.of(CKM.AES_CBC_PAD, new ByteArrayParameter(IV));
        assertCkr(CKR.DATA_LEN_RANGE, () -> session.encrypt(Mechanism.of(CKM.AES_ECB), key, new byte[15]));
        assertCkr(CKR.DATA_LEN_RANGE, () -> session.encrypt(cbc, key, new byte[17]));
        assertCkr(CKR.ENCRYPTED_DATA_LEN_RANGE, () -> session.decrypt(Mechanism.of(CKM.AES_ECB), key, new byte[15]));
        assertCkr(CKR.ENCRYPTED_DATA_LEN_RANGE, () -> session.decrypt(cbcPad, key, new byte[17]));
        assertCkr(CKR.ENCRYPTED_DATA_LEN_RANGE, () -> session.decrypt(cbcPad, key, new byte[0]));
        // a block whose decryption does not end in valid padding
        byte[] notPadded = session.encrypt(cbc, key, new byte[16]);
        assertCkr(CKR.ENCRYPTED_DATA_INVALID, () -> session.decrypt(cbcPad, key, notPadded));
        assertCkr(CKR.MECHANISM_PARAM_INVALID,
                () -> session.encrypt(Mechanism.of(CKM.AES_CBC, new ByteArrayParameter(new byte[8])), key, new byte[16]));
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> session.encrypt(Mechanism.of(CKM.AES_CBC), key, new byte[16]));
        // multi-part: a partial block left at the end
        try (CipherOperation op = session.startEncrypt(cbc, key)) {
            op.update(new byte[20]);
            assertCkr(CKR.DATA_LEN_RANGE, op::finish);
        }
    }

    @Test
    void emptyInputs() throws Exception {
        byte[] keyBytes = key(16);
        ObjectHandle key = aes(keyBytes);
        Mechanism cbcPad = Mechanism.of(CKM.AES_CBC_PAD, new ByteArrayParameter(IV));
        byte[] onePaddingBlock = session.encrypt(cbcPad, key, new byte[0]);
        assertThat(onePaddingBlock.length, is(16));
        assertThat(session.decrypt(cbcPad, key, onePaddingBlock), is(new byte[0]));
        Mechanism gcm = Mechanism.of(CKM.AES_GCM, new GcmParameter(NONCE, 96, AAD, 128));
        byte[] tagOnly = session.encrypt(gcm, key, new byte[0]);
        Cipher c = jdk(new Mode("GCM", CKM.AES_GCM, "AES/GCM/NoPadding", false), Cipher.ENCRYPT_MODE, keyBytes);
        assertThat(tagOnly, is(c.doFinal()));
        assertThat(session.decrypt(gcm, key, tagOnly), is(new byte[0]));
    }

    // ---- RSA ----

    @Test
    void rsaPkcs1AgreesWithTheJdk() throws Exception {
        KeyPair pair = JdkKeys.rsa2048();
        ObjectHandle pub = rsaPublic(pair);
        ObjectHandle priv = rsaPrivate(pair);
        byte[] plain = "a secret of modest length".getBytes(StandardCharsets.US_ASCII);
        Mechanism m = Mechanism.of(CKM.RSA_PKCS);
        Cipher jdk = Cipher.getInstance("RSA/ECB/PKCS1Padding");

        byte[] fromToken = session.encrypt(m, pub, plain);
        assertThat(fromToken.length, is(256));
        jdk.init(Cipher.DECRYPT_MODE, pair.getPrivate());
        assertThat(jdk.doFinal(fromToken), is(plain));
        jdk.init(Cipher.ENCRYPT_MODE, pair.getPublic());
        assertThat(session.decrypt(m, priv, jdk.doFinal(plain)), is(plain));

        assertThat("k-11 bytes fit", session.decrypt(m, priv, session.encrypt(m, pub, new byte[245])), is(new byte[245]));
        assertCkr(CKR.DATA_LEN_RANGE, () -> session.encrypt(m, pub, new byte[246]));
        assertCkr(CKR.ENCRYPTED_DATA_LEN_RANGE, () -> session.decrypt(m, priv, new byte[255]));
        byte[] garbage = new byte[256];
        garbage[1] = 0x77;
        assertCkr(CKR.ENCRYPTED_DATA_INVALID, () -> session.decrypt(m, priv, garbage));
    }

    static Stream<Object[]> oaepCases() {
        return Stream.of(
                new Object[] {Hash.SHA1, Hash.SHA1, null},
                new Object[] {Hash.SHA224, Hash.SHA224, "label"},
                new Object[] {Hash.SHA256, Hash.SHA256, null},
                new Object[] {Hash.SHA256, Hash.SHA256, "a label"},
                new Object[] {Hash.SHA256, Hash.SHA1, "mixed"},
                new Object[] {Hash.SHA384, Hash.SHA384, "label"},
                new Object[] {Hash.SHA512, Hash.SHA512, "label"});
    }

    @ParameterizedTest(name = "{0} MGF1-{1} label {2}")
    @MethodSource("oaepCases")
    void rsaOaepAgreesWithTheJdk(Hash hash, Hash mgfHash, String label) throws Exception {
        KeyPair pair = JdkKeys.rsa2048();
        byte[] labelBytes = label == null ? null : label.getBytes(StandardCharsets.US_ASCII);
        Mechanism m = Mechanism.of(CKM.RSA_PKCS_OAEP,
                new RsaPkcsOaepParameter(hash.digest, mgfHash.mgf, labelBytes == null ? 0 : CKZ.DATA_SPECIFIED, labelBytes));
        AlgorithmParameterSpec spec = new OAEPParameterSpec(hash.jdk, "MGF1", new MGF1ParameterSpec(mgfHash.jdk),
                labelBytes == null ? PSource.PSpecified.DEFAULT : new PSource.PSpecified(labelBytes));
        Cipher jdk = Cipher.getInstance("RSA/ECB/OAEPPadding");
        byte[] plain = "an OAEP-protected secret".getBytes(StandardCharsets.US_ASCII);
        ObjectHandle pub = rsaPublic(pair);
        ObjectHandle priv = rsaPrivate(pair);

        jdk.init(Cipher.DECRYPT_MODE, pair.getPrivate(), spec);
        assertThat(jdk.doFinal(session.encrypt(m, pub, plain)), is(plain));
        jdk.init(Cipher.ENCRYPT_MODE, pair.getPublic(), spec);
        byte[] fromJdk = jdk.doFinal(plain);
        assertThat(session.decrypt(m, priv, fromJdk), is(plain));

        int max = 256 - 2 * hash.length - 2;
        assertThat(session.decrypt(m, priv, session.encrypt(m, pub, new byte[max])).length, is(max));
        assertCkr(CKR.DATA_LEN_RANGE, () -> session.encrypt(m, pub, new byte[max + 1]));
        byte[] otherLabel = "other".getBytes(StandardCharsets.US_ASCII);
        Mechanism wrongLabel = Mechanism.of(CKM.RSA_PKCS_OAEP,
                new RsaPkcsOaepParameter(hash.digest, mgfHash.mgf, CKZ.DATA_SPECIFIED, otherLabel));
        assertCkr(CKR.ENCRYPTED_DATA_INVALID, () -> session.decrypt(wrongLabel, priv, fromJdk));
    }

    @Test
    void rsaOaepRefusesBadParameters() {
        ObjectHandle pub = rsaPublic(JdkKeys.rsa2048());
        for (RsaPkcsOaepParameter bad : List.of(new RsaPkcsOaepParameter(CKM.MD5, 1, 0, null),
                new RsaPkcsOaepParameter(CKM.SHA256, 0x99, 0, null),
                new RsaPkcsOaepParameter(CKM.SHA256, 2, 7, null))) {
            assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> session.encrypt(Mechanism.of(CKM.RSA_PKCS_OAEP, bad), pub, new byte[1]));
        }
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> session.encrypt(Mechanism.of(CKM.RSA_PKCS_OAEP), pub, new byte[1]));
    }

    @Test
    void rawRsaAgreesWithTheJdk() throws Exception {
        KeyPair pair = JdkKeys.rsa2048();
        byte[] block = new byte[256];
        Arrays.fill(block, 1, 256, (byte) 0x42);
        Mechanism m = Mechanism.of(CKM.RSA_X_509);
        Cipher jdk = Cipher.getInstance("RSA/ECB/NoPadding");
        jdk.init(Cipher.ENCRYPT_MODE, pair.getPublic());
        byte[] expected = jdk.doFinal(block);
        assertThat(session.encrypt(m, rsaPublic(pair), block), is(expected));
        assertThat(session.decrypt(m, rsaPrivate(pair), expected), is(block));
        // shorter input is a big-endian number: padded with leading zeros
        byte[] shortInput = {1, 2, 3};
        byte[] out = session.decrypt(m, rsaPrivate(pair), session.encrypt(m, rsaPublic(pair), shortInput));
        assertThat(out.length, is(256));
        assertThat(Arrays.copyOfRange(out, 253, 256), is(shortInput));
        byte[] tooBig = new byte[256];
        Arrays.fill(tooBig, (byte) 0xff);
        assertCkr(CKR.DATA_LEN_RANGE, () -> session.encrypt(m, rsaPublic(pair), tooBig));
    }
}
