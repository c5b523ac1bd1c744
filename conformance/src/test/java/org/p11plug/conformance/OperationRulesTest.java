package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.Attribute;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Session;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.param.ByteArrayParameter;
import org.p11plug.api.param.LongParameter;
import org.p11plug.api.param.RsaPkcsPssParameter;
import org.p11plug.api.raw.Output;
import org.p11plug.api.raw.Pkcs11;

/**
 * The rules every cryptographic function follows (base specification, sections 5.2 and 5.9 to
 * 5.13): one operation per kind and session, length queries and too-small buffers that keep it
 * alive, any other error ending it, key checks with their exact codes, and re-authentication for
 * keys with CKA_ALWAYS_AUTHENTICATE.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class OperationRulesTest extends CryptoTest {
    private static final byte[] DATA = "operation rules".getBytes(StandardCharsets.US_ASCII);
    private static final Mechanism ECB = Mechanism.of(CKM.AES_ECB);

    private Pkcs11 raw;
    private long h;

    @BeforeEach
    void rawHandles() {
        raw = app.raw();
        h = session.getHandle();
    }

    @Test
    void oneOperationOfAKindAtATime() {
        ObjectHandle key = aes(new byte[16]);
        raw.encryptInit(h, ECB, key.value());
        assertCkr(CKR.OPERATION_ACTIVE, () -> raw.encryptInit(h, ECB, key.value()));
        // other kinds are independent
        raw.decryptInit(h, ECB, key.value());
        raw.signInit(h, Mechanism.of(CKM.AES_CMAC), key.value());
        raw.digestInit(h, Mechanism.of(CKM.SHA256));
        assertThat(raw.encrypt(h, new byte[16], Long.MAX_VALUE).data().length, is(16));
        assertCkr(CKR.OPERATION_NOT_INITIALIZED, () -> raw.encrypt(h, new byte[16], Long.MAX_VALUE));
        assertCkr(CKR.OPERATION_NOT_INITIALIZED, () -> raw.verify(h, DATA, new byte[16]));
        assertCkr(CKR.OPERATION_NOT_INITIALIZED, () -> raw.verifyFinal(h, new byte[16]));
    }

    @Test
    void lengthQueryAndShortBufferKeepTheOperation() {
        ObjectHandle key = ecPrivate(JdkKeys.P256, JdkKeys.pair(JdkKeys.P256));
        raw.signInit(h, Mechanism.of(CKM.ECDSA_SHA256), key.value());
        Output query = raw.sign(h, DATA, Output.NULL_BUFFER);
        assertThat(query.rv(), is(CKR.OK));
        assertThat(query.length(), is(64L));
        assertThat(query.hasData(), is(false));
        Output tooSmall = raw.sign(h, DATA, 10);
        assertThat(tooSmall.rv(), is(CKR.BUFFER_TOO_SMALL));
        assertThat(tooSmall.length(), is(64L));
        byte[] signature = raw.sign(h, DATA, 64).data();
        assertThat(signature.length, is(64));
        assertCkr(CKR.OPERATION_NOT_INITIALIZED, () -> raw.sign(h, DATA, 64));
        try {
            assertThat("the signature made during the query is the one returned",
                    SignatureInteropTest.jdkVerify("SHA256withECDSAinP1363Format", null, JdkKeys.pair(JdkKeys.P256), DATA,
                            signature), is(true));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void multiPartShortBuffersKeepTheOperation() {
        ObjectHandle key = aes(new byte[16]);
        Mechanism cbcPad = Mechanism.of(CKM.AES_CBC_PAD, new ByteArrayParameter(new byte[16]));
        raw.encryptInit(h, cbcPad, key.value());
        Output first = raw.encryptUpdate(h, new byte[40], 5);
        assertThat(first.rv(), is(CKR.BUFFER_TOO_SMALL));
        assertThat(first.length(), is(32L));
        assertThat(raw.encryptUpdate(h, new byte[40], 32).data().length, is(32));
        Output finalQuery = raw.encryptFinal(h, Output.NULL_BUFFER);
        assertThat(finalQuery.length(), is(16L));
        assertThat(raw.encryptFinal(h, 16).data().length, is(16));
        assertCkr(CKR.OPERATION_NOT_INITIALIZED, () -> raw.encryptFinal(h, 16));
    }

    @Test
    void anyOtherErrorEndsTheOperation() {
        ObjectHandle key = aes(new byte[16]);
        raw.encryptInit(h, ECB, key.value());
        assertCkr(CKR.DATA_LEN_RANGE, () -> raw.encrypt(h, new byte[15], Long.MAX_VALUE));
        assertCkr(CKR.OPERATION_NOT_INITIALIZED, () -> raw.encrypt(h, new byte[16], Long.MAX_VALUE));

        raw.encryptInit(h, ECB, key.value());
        raw.encryptUpdate(h, new byte[7], Long.MAX_VALUE);
        assertCkr(CKR.DATA_LEN_RANGE, () -> raw.encryptFinal(h, Long.MAX_VALUE));
        assertCkr(CKR.OPERATION_NOT_INITIALIZED, () -> raw.encryptUpdate(h, new byte[16], Long.MAX_VALUE));

        ObjectHandle hmacKey = generic(new byte[32]);
        raw.verifyInit(h, Mechanism.of(CKM.SHA256_HMAC), hmacKey.value());
        assertCkr(CKR.SIGNATURE_INVALID, () -> raw.verify(h, DATA, new byte[32]));
        assertCkr(CKR.OPERATION_NOT_INITIALIZED, () -> raw.verify(h, DATA, new byte[32]));
    }

    @Test
    void singlePartCallsAfterUpdatesAndSinglePartOnlyMechanisms() {
        ObjectHandle key = generic(new byte[32]);
        raw.signInit(h, Mechanism.of(CKM.SHA256_HMAC), key.value());
        raw.signUpdate(h, DATA);
        assertCkr(CKR.OPERATION_ACTIVE, () -> raw.sign(h, DATA, Long.MAX_VALUE));

        ObjectHandle rsa = rsaPrivate(JdkKeys.rsa2048());
        raw.signInit(h, Mechanism.of(CKM.RSA_PKCS), rsa.value());
        assertCkr(CKR.FUNCTION_NOT_SUPPORTED, () -> raw.signUpdate(h, DATA));
        assertCkr(CKR.OPERATION_NOT_INITIALIZED, () -> raw.sign(h, DATA, Long.MAX_VALUE));
    }

    @Test
    void keyUsageAttributesAreEnforced() {
        ObjectHandle noEncrypt = aes(new byte[16], Attribute.ENCRYPT.of(false), Attribute.SIGN.of(false));
        assertCkr(CKR.KEY_FUNCTION_NOT_PERMITTED, () -> raw.encryptInit(h, ECB, noEncrypt.value()));
        assertCkr(CKR.KEY_FUNCTION_NOT_PERMITTED, () -> raw.signInit(h, Mechanism.of(CKM.AES_CMAC), noEncrypt.value()));
        raw.decryptInit(h, ECB, noEncrypt.value());
        assertThat(raw.decrypt(h, new byte[16], Long.MAX_VALUE).data().length, is(16));
        ObjectHandle noVerify = rsaPublic(JdkKeys.rsa2048(), Attribute.VERIFY.of(false));
        assertCkr(CKR.KEY_FUNCTION_NOT_PERMITTED, () -> raw.verifyInit(h, Mechanism.of(CKM.SHA256_RSA_PKCS), noVerify.value()));
        ObjectHandle noDecrypt = rsaPrivate(JdkKeys.rsa2048(), Attribute.DECRYPT.of(false));
        assertCkr(CKR.KEY_FUNCTION_NOT_PERMITTED, () -> raw.decryptInit(h, Mechanism.of(CKM.RSA_PKCS), noDecrypt.value()));
    }

    @Test
    void keyTypesAndClassesMustFitTheMechanism() {
        ObjectHandle aes = aes(new byte[16]);
        ObjectHandle rsaPublic = rsaPublic(JdkKeys.rsa2048());
        ObjectHandle ec = ecPrivate(JdkKeys.P256, JdkKeys.pair(JdkKeys.P256));
        assertCkr(CKR.KEY_TYPE_INCONSISTENT, () -> raw.signInit(h, Mechanism.of(CKM.SHA256_RSA_PKCS), aes.value()));
        assertCkr(CKR.KEY_TYPE_INCONSISTENT, () -> raw.signInit(h, Mechanism.of(CKM.SHA256_RSA_PKCS), rsaPublic.value()));
        assertCkr(CKR.KEY_TYPE_INCONSISTENT, () -> raw.signInit(h, Mechanism.of(CKM.EDDSA), ec.value()));
        assertCkr(CKR.KEY_TYPE_INCONSISTENT, () -> raw.encryptInit(h, ECB, generic(new byte[16]).value()));
        assertCkr(CKR.KEY_HANDLE_INVALID, () -> raw.encryptInit(h, ECB, 0xdeadL));
        assertCkr(CKR.MECHANISM_INVALID, () -> raw.encryptInit(h, Mechanism.of(CKM.SHA256_HMAC), aes.value()));
        assertCkr(CKR.MECHANISM_INVALID, () -> raw.signInit(h, Mechanism.of(CKM.AES_GCM), aes.value()));
        assertCkr(CKR.MECHANISM_INVALID, () -> raw.encryptInit(h, Mechanism.of(0x8000_1234L), aes.value()));
    }

    @Test
    void keysOutsideTheMechanismRangeAreRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(768);
        KeyPair small = g.generateKeyPair();
        ObjectHandle key = rsaPrivate(small);
        assertCkr(CKR.KEY_SIZE_RANGE, () -> raw.signInit(h, Mechanism.of(CKM.SHA256_RSA_PKCS), key.value()));
    }

    @Test
    void allowedMechanismsAreEnforcedWithMechanismInvalid() {
        ObjectHandle key = aes(new byte[16], Attribute.ALLOWED_MECHANISMS.of(List.of(CKM.AES_CBC_PAD, CKM.AES_CMAC)));
        assertCkr(CKR.MECHANISM_INVALID, () -> raw.encryptInit(h, ECB, key.value()));
        raw.encryptInit(h, Mechanism.of(CKM.AES_CBC_PAD, new ByteArrayParameter(new byte[16])), key.value());
        raw.signInit(h, Mechanism.of(CKM.AES_CMAC), key.value());
        ObjectHandle kek = aes(new byte[16], Attribute.ALLOWED_MECHANISMS.of(List.of(CKM.AES_KEY_WRAP)));
        ObjectHandle extractable = aes(new byte[16], Attribute.EXTRACTABLE.of(true));
        assertCkr(CKR.MECHANISM_INVALID, () -> session.wrapKey(Mechanism.of(CKM.AES_KEY_WRAP_KWP), kek, extractable));
        assertThat(session.wrapKey(Mechanism.of(CKM.AES_KEY_WRAP), kek, extractable).length, is(24));
    }

    @Test
    void badParametersAreMechanismParamInvalid() {
        ObjectHandle rsa = rsaPrivate(JdkKeys.rsa2048());
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> raw.signInit(h, Mechanism.of(CKM.SHA256_RSA_PKCS_PSS,
                new RsaPkcsPssParameter(CKM.SHA_1, 1, 20)), rsa.value()));
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> raw.signInit(h, Mechanism.of(CKM.SHA256_RSA_PKCS_PSS), rsa.value()));
        assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> raw.signInit(h, Mechanism.of(CKM.SHA256_RSA_PKCS,
                new LongParameter(1)), rsa.value()));
        ObjectHandle hmac = generic(new byte[32]);
        for (long bad : new long[] {0, 33}) {
            assertCkr(CKR.MECHANISM_PARAM_INVALID, () -> raw.signInit(h, Mechanism.of(CKM.SHA256_HMAC_GENERAL,
                    new LongParameter(bad)), hmac.value()));
        }
        // a failed init leaves no operation behind
        raw.signInit(h, Mechanism.of(CKM.SHA256_HMAC), hmac.value());
    }

    @Test
    void signatureLengthAndValidityHaveTheirOwnCodes() {
        java.security.KeyPair rsaPair = JdkKeys.rsa2048();
        ObjectHandle rsa = rsaPublic(rsaPair);
        Mechanism sha256Rsa = Mechanism.of(CKM.SHA256_RSA_PKCS);
        assertCkr(CKR.SIGNATURE_LEN_RANGE, () -> verify(sha256Rsa, rsa, new byte[255]));
        assertCkr(CKR.SIGNATURE_INVALID, () -> verify(sha256Rsa, rsa, new byte[256]));
        ObjectHandle ec = ecPublic(JdkKeys.P256, JdkKeys.pair(JdkKeys.P256));
        assertCkr(CKR.SIGNATURE_LEN_RANGE, () -> verify(Mechanism.of(CKM.ECDSA_SHA256), ec, new byte[63]));
        assertCkr(CKR.SIGNATURE_INVALID, () -> verify(Mechanism.of(CKM.ECDSA_SHA256), ec, new byte[64]));
        ObjectHandle ed = edPublic(JdkKeys.ED25519, JdkKeys.pair(JdkKeys.ED25519));
        assertCkr(CKR.SIGNATURE_LEN_RANGE, () -> verify(Mechanism.of(CKM.EDDSA), ed, new byte[63]));
        assertCkr(CKR.SIGNATURE_INVALID, () -> verify(Mechanism.of(CKM.EDDSA), ed, new byte[64]));
        ObjectHandle hmac = generic(new byte[32]);
        assertCkr(CKR.SIGNATURE_LEN_RANGE, () -> verify(Mechanism.of(CKM.SHA256_HMAC), hmac, new byte[31]));
        assertCkr(CKR.SIGNATURE_INVALID, () -> verify(Mechanism.of(CKM.SHA256_HMAC), hmac, new byte[32]));
    }

    private void verify(Mechanism m, ObjectHandle key, byte[] signature) {
        raw.verifyInit(h, m, key.value());
        raw.verify(h, DATA, signature);
    }

    @Test
    void inputLengthsHaveTheirOwnCodes() {
        ObjectHandle rsa = rsaPrivate(JdkKeys.rsa2048());
        assertCkr(CKR.DATA_LEN_RANGE, () -> session.sign(Mechanism.of(CKM.RSA_PKCS), rsa, new byte[246]));
        assertCkr(CKR.DATA_LEN_RANGE, () -> session.sign(Mechanism.of(CKM.RSA_PKCS_PSS,
                new RsaPkcsPssParameter(CKM.SHA256, 2, 32)), rsa, new byte[31]));
        assertCkr(CKR.DATA_LEN_RANGE, () -> session.sign(Mechanism.of(CKM.RSA_X_509), rsa, new byte[257]));
        assertCkr(CKR.ENCRYPTED_DATA_LEN_RANGE, () -> session.decrypt(Mechanism.of(CKM.RSA_PKCS), rsa, new byte[100]));
    }

    @Test
    void alwaysAuthenticateKeysNeedAContextSpecificLoginPerOperation() {
        ObjectHandle key = rsaPrivate(JdkKeys.rsa2048(), Attribute.ALWAYS_AUTHENTICATE.of(true));
        Mechanism m = Mechanism.of(CKM.SHA256_RSA_PKCS);
        assertCkr(CKR.OPERATION_NOT_INITIALIZED, () -> raw.login(h, CKU.CONTEXT_SPECIFIC, fixture.userPin()));

        raw.signInit(h, m, key.value());
        assertCkr(CKR.USER_NOT_LOGGED_IN, () -> raw.sign(h, DATA, Long.MAX_VALUE));
        raw.signInit(h, m, key.value());
        assertCkr(CKR.PIN_INCORRECT, () -> raw.login(h, CKU.CONTEXT_SPECIFIC, "wrong-pin".getBytes(StandardCharsets.UTF_8)));
        raw.login(h, CKU.CONTEXT_SPECIFIC, fixture.userPin());
        assertThat(raw.sign(h, DATA, Long.MAX_VALUE).data().length, is(256));

        raw.signInit(h, m, key.value());
        assertCkr(CKR.USER_NOT_LOGGED_IN, () -> raw.sign(h, DATA, Long.MAX_VALUE));
        // verification with the public half needs nothing more
        assertThat(session.verify(m, rsaPublic(JdkKeys.rsa2048()), DATA, signOnce(key, m)), is(true));
    }

    private byte[] signOnce(ObjectHandle key, Mechanism m) {
        raw.signInit(h, m, key.value());
        raw.login(h, CKU.CONTEXT_SPECIFIC, fixture.userPin());
        return raw.sign(h, DATA, Long.MAX_VALUE).data();
    }

    @Test
    void functionsThisTokenDoesNotOffer() {
        ObjectHandle rsa = rsaPrivate(JdkKeys.rsa2048());
        assertCkr(CKR.FUNCTION_NOT_SUPPORTED, () -> raw.signRecoverInit(h, Mechanism.of(CKM.RSA_PKCS), rsa.value()));
        assertCkr(CKR.FUNCTION_NOT_SUPPORTED, () -> raw.verifyRecoverInit(h, Mechanism.of(CKM.RSA_PKCS), rsa.value()));
        assertCkr(CKR.FUNCTION_NOT_SUPPORTED, () -> raw.digestEncryptUpdate(h, DATA, Long.MAX_VALUE));
        assertCkr(CKR.FUNCTION_NOT_SUPPORTED, () -> raw.getOperationState(h, Long.MAX_VALUE));
    }

    @Test
    void operationsOfOneSessionIgnoreFailuresInAnother() {
        ObjectHandle key = generic(new byte[32]);
        try (Session other = app.getSlot(slot).getToken().openReadWriteSession()) {
            raw.signInit(h, Mechanism.of(CKM.SHA256_HMAC), key.value());
            raw.signUpdate(h, DATA);
            assertCkr(CKR.KEY_HANDLE_INVALID, () -> other.sign(Mechanism.of(CKM.SHA256_HMAC), new ObjectHandle(0xdead), DATA));
            assertCkr(CKR.OPERATION_NOT_INITIALIZED, () -> raw.signUpdate(other.getHandle(), DATA));
            raw.signUpdate(h, DATA);
            byte[] mac = raw.signFinal(h, Long.MAX_VALUE).data();
            assertThat(mac, is(other.sign(Mechanism.of(CKM.SHA256_HMAC), key, concat(DATA, DATA))));
        }
    }

    @Test
    void aKeyDestroyedDuringAnOperationLeavesItUsable() {
        // the operation holds what it needs; PKCS#11 leaves this case to the token, and keeping the
        // operation whole is the choice that loses nothing
        ObjectHandle key = generic(new byte[32]);
        raw.signInit(h, Mechanism.of(CKM.SHA256_HMAC), key.value());
        raw.signUpdate(h, DATA);
        session.destroyObject(key);
        assertThat(raw.signFinal(h, Long.MAX_VALUE).data().length, is(32));
    }
}
