package org.p11plug.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.cm.ConfigurationAdminOptions;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.raw.AttributeRequest;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.api.raw.RawAttribute;

/**
 * The JCA provider in a real framework (Felix and Equinox): registered as a Provider service
 * once the demo token is there, and — Config Admin says so — added to java.security.Security;
 * this test bundle signs with a key of the token through it and the JDK verifies.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JcaFrameworkIT {
    @Inject
    CryptokiService cryptoki;

    @Inject
    @Filter("(provider.name=P11plug)")
    Provider provider;

    @Configuration
    public Option[] config() {
        return options(
                ItestOptions.repositories(),
                ItestOptions.runtime(),
                ItestOptions.softToken(ItestOptions.work("jca-" + System.nanoTime())),
                ItestOptions.p11plug(),
                ConfigurationAdminOptions.newConfiguration("org.p11plug.jca")
                        .put("security.register", true)
                        .asOption(),
                bundle(Path.of(System.getProperty("bundles.dir"), "org.p11plug.jca.jar").toUri().toString()),
                ItestOptions.junit());
    }

    @Test
    public void anotherBundleSignsThroughTheProviderService() throws Exception {
        assertThat("Config Admin added it to java.security.Security", Security.getProvider("P11plug"), sameInstance(provider));
        long slot = cryptoki.getSlotsWithToken().get(0).getId();
        Pkcs11 p11 = cryptoki.raw();
        long s = p11.openSession(slot, CKF.SERIAL_SESSION | CKF.RW_SESSION);
        p11.login(s, CKU.USER, "123456".getBytes(StandardCharsets.UTF_8));
        byte[] p256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};
        long[] pair = p11.generateKeyPair(s, Mechanism.of(CKM.EC_KEY_PAIR_GEN),
                new RawAttribute[] {RawAttribute.of(CKA.EC_PARAMS, p256), RawAttribute.ofBoolean(CKA.TOKEN, true)},
                new RawAttribute[] {RawAttribute.ofBoolean(CKA.TOKEN, true), RawAttribute.ofBoolean(CKA.SIGN, true),
                    RawAttribute.ofUtf8(CKA.LABEL, "osgi"), RawAttribute.of(CKA.ID, new byte[] {0x42})});
        byte[] spki = p11.getAttributeValue(s, pair[0], new AttributeRequest[] {AttributeRequest.of(CKA.PUBLIC_KEY_INFO)})
                .get(0).value();
        PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));

        KeyStore ks = KeyStore.getInstance("P11PLUG", provider);
        ks.load(null, "123456".toCharArray());
        PrivateKey key = (PrivateKey) ks.getKey("osgi", null);
        Signature signer = Signature.getInstance("SHA256withECDSA", provider);
        signer.initSign(key);
        byte[] data = "signed in OSGi".getBytes(StandardCharsets.UTF_8);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
        jdk.initVerify(publicKey);
        jdk.update(data);
        assertThat(jdk.verify(signature), is(true));
        p11.destroyObject(s, pair[0]);
        p11.destroyObject(s, pair[1]);
        p11.closeSession(s);
    }
}
