package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p11plug.api.Application;
import org.p11plug.api.Attribute;
import org.p11plug.api.CkException;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Pin;
import org.p11plug.api.Session;
import org.p11plug.api.Template;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CKD;
import org.p11plug.api.ck.CKG;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.ck.CKZ;
import org.p11plug.api.param.Ecdh1DeriveParameter;
import org.p11plug.api.param.RsaPkcsOaepParameter;
import org.p11plug.api.param.RsaPkcsPssParameter;
import org.p11plug.engine.StandaloneEngine;
import org.p11plug.store.heap.internal.HeapSessionObjectStore;

/**
 * Keys that stay on the token (spi {@code TokenKey}): every RSA and EC mechanism the engine
 * offers works with them, with one call of the token's primitive per operation, and the JDK
 * checks each result with the public key.
 */
class OnTokenKeyTest {
    private final KeyPair rsa = JdkKeys.rsa2048();
    private final KeyPair ec = JdkKeys.pair(JdkKeys.P256);
    private final KeyCardBackend card = new KeyCardBackend(rsa, ec, JdkKeys.P256.params());
    private final StandaloneEngine engine = new StandaloneEngine().bindStore(new HeapSessionObjectStore()).addBackend(card);
    private Application app;
    private Session session;
    private ObjectHandle rsaKey;
    private ObjectHandle ecKey;
    private final byte[] message = "signed by a key the engine never sees".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void login() {
        app = engine.service("on-token").openApplication();
        session = app.getSlot(KeyCardBackend.SLOT).getToken().openReadOnlySession(); // the card is write-protected
        try (Pin pin = Pin.ofUtf8(KeyCardBackend.PIN.clone())) {
            session.login(UserType.USER, pin);
        }
        rsaKey = only("card RSA");
        ecKey = only("card EC");
    }

    @AfterEach
    void close() throws Exception {
        app.close();
        engine.close();
    }

    private ObjectHandle only(String label) {
        List<ObjectHandle> found = session.findObjects(Template.of(Attribute.LABEL.of(label)));
        assertThat(found.size(), is(1));
        return found.get(0);
    }

    private void onePrimitiveCall(Runnable operation) {
        int before = card.primitiveCalls.get();
        operation.run();
        assertThat("calls of the token's primitive", card.primitiveCalls.get() - before, is(1));
    }

    @Test
    void rsaSignaturesOfEveryPaddingAreMadeOnTheToken() throws Exception {
        byte[][] signature = new byte[1][];
        onePrimitiveCall(() -> signature[0] = session.sign(Mechanism.of(CKM.SHA256_RSA_PKCS), rsaKey, message));
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(rsa.getPublic());
        v.update(message);
        assertThat(v.verify(signature[0]), is(true));

        onePrimitiveCall(() -> signature[0] = session.sign(Mechanism.of(CKM.SHA256_RSA_PKCS_PSS,
                new RsaPkcsPssParameter(CKM.SHA256, CKG.MGF1_SHA256, 32)), rsaKey, message));
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        pss.initVerify(rsa.getPublic());
        pss.update(message);
        assertThat(pss.verify(signature[0]), is(true));

        byte[] representative = new byte[256];
        representative[255] = 7;
        onePrimitiveCall(() -> signature[0] = session.sign(Mechanism.of(CKM.RSA_X_509), rsaKey, representative));
        java.security.interfaces.RSAPublicKey pub = (java.security.interfaces.RSAPublicKey) rsa.getPublic();
        assertThat(new java.math.BigInteger(1, signature[0]).modPow(pub.getPublicExponent(), pub.getModulus()),
                is(java.math.BigInteger.valueOf(7)));
    }

    @Test
    void rsaDecryptionUnpadsInTheEngine() throws Exception {
        Cipher pkcs1 = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        pkcs1.init(Cipher.ENCRYPT_MODE, rsa.getPublic());
        byte[] sealed = pkcs1.doFinal(message);
        byte[][] plain = new byte[1][];
        onePrimitiveCall(() -> plain[0] = session.decrypt(Mechanism.of(CKM.RSA_PKCS), rsaKey, sealed));
        assertThat(plain[0], is(message));

        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
        oaep.init(Cipher.ENCRYPT_MODE, rsa.getPublic(), new OAEPParameterSpec("SHA-256", "MGF1",
                MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        byte[] sealedOaep = oaep.doFinal(message);
        onePrimitiveCall(() -> plain[0] = session.decrypt(Mechanism.of(CKM.RSA_PKCS_OAEP,
                new RsaPkcsOaepParameter(CKM.SHA256, CKG.MGF1_SHA256, CKZ.DATA_SPECIFIED, null)), rsaKey, sealedOaep));
        assertThat(plain[0], is(message));
    }

    @Test
    void ecdsaAndEcdhAreMadeOnTheToken() throws Exception {
        byte[][] signature = new byte[1][];
        onePrimitiveCall(() -> signature[0] = session.sign(Mechanism.of(CKM.ECDSA_SHA384), ecKey, message));
        Signature v = Signature.getInstance("SHA384withECDSAinP1363Format");
        v.initVerify(ec.getPublic());
        v.update(message);
        assertThat("a SHA-384 hash cut to P-256's order", v.verify(signature[0]), is(true));

        KeyPair other = JdkKeys.pair(JdkKeys.P256, "peer");
        byte[] point = JdkKeys.uncompressed(JdkKeys.P256, (ECPublicKey) other.getPublic());
        ObjectHandle[] derived = new ObjectHandle[1];
        onePrimitiveCall(() -> derived[0] = session.deriveKey(
                Mechanism.of(CKM.ECDH1_DERIVE, new Ecdh1DeriveParameter(CKD.NULL, null, point)), ecKey,
                Template.builder().set(Attribute.CLASS, CKO.SECRET_KEY).set(Attribute.KEY_TYPE, CKK.GENERIC_SECRET)
                        .set(Attribute.TOKEN, false).set(Attribute.SENSITIVE, false).set(Attribute.EXTRACTABLE, true).build()));
        KeyAgreement a = KeyAgreement.getInstance("ECDH");
        a.init(other.getPrivate());
        a.doPhase(ec.getPublic(), true);
        assertThat(session.getAttribute(derived[0], Attribute.VALUE), is(a.generateSecret()));
    }

    @Test
    void afterLogoutThePrivateKeyIsGone() {
        session.logout();
        CkException e = org.junit.jupiter.api.Assertions.assertThrows(CkException.class,
                () -> session.sign(Mechanism.of(CKM.SHA256_RSA_PKCS), rsaKey, message));
        assertThat(CkException.name(e.ckr()), is(CkException.name(CKR.KEY_HANDLE_INVALID)));
    }
}
