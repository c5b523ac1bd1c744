package org.p11plug.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.p11plug.api.Attribute;
import org.p11plug.api.KeyPair;
import org.p11plug.api.Mechanism;
import org.p11plug.api.Template;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.param.GcmParameter;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Pin;
import org.p11plug.api.Session;
import org.p11plug.api.Slot;
import org.p11plug.api.UserType;
import org.p11plug.spi.status.EngineStatus;

/**
 * p11plug in a real framework (Felix or Equinox, chosen by the failsafe execution): the bundles
 * resolve and activate, DS wires engine, store and software token, and consuming bundles are
 * independent PKCS#11 applications.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineFrameworkIT {
    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return options(
                ItestOptions.repositories(),
                ItestOptions.runtime(),
                ItestOptions.softToken(ItestOptions.work("engine-" + System.nanoTime())),
                ItestOptions.p11plug(),
                ItestOptions.junit());
    }

    private Slot demoSlot(CryptokiService cryptoki) throws InterruptedException {
        Await.until("the demo token is initialized", () -> cryptoki.getSlotsWithToken().stream()
                .anyMatch(s -> s.getToken().getInfo().label().equals("p11plug demo")
                        && s.getToken().getInfo().userPinInitialized()));
        return cryptoki.getSlotsWithToken().stream()
                .filter(s -> s.getToken().getInfo().label().equals("p11plug demo")).findFirst().orElseThrow();
    }

    private <T> T service(Class<T> type) {
        ServiceReference<T> ref = context.getServiceReference(type);
        if (ref == null) {
            throw new AssertionError("no " + type.getName() + " service");
        }
        return context.getService(ref);
    }

    @Test
    public void everyP11plugBundleIsActive() {
        for (String name : ItestOptions.P11PLUG_BUNDLES) {
            Optional<Bundle> b = List.of(context.getBundles()).stream()
                    .filter(x -> name.equals(x.getSymbolicName())).findFirst();
            assertThat(name + " is installed", b.isPresent(), is(true));
            assertThat(name + " is active", b.get().getState(), is(Bundle.ACTIVE));
        }
    }

    @Test
    public void theEngineBindsTheHeapStoreAndTheSoftToken() throws Exception {
        demoSlot(service(CryptokiService.class));
        EngineStatus status = service(EngineStatus.class);
        assertThat(status.boundStore(), is(Optional.of("heap")));
        assertThat(status.backends(), is(List.of("soft")));
        assertThat("p11 commands and p11:store", context.getServiceReferences((String) null, "(osgi.command.scope=p11)").length, is(2));
    }

    @Test
    public void twoConsumingBundlesAreTwoApplications() throws Exception {
        Bundle a = ConsumerBundles.install(context, "consumer.a");
        Bundle b = ConsumerBundles.install(context, "consumer.b");
        try {
            CryptokiService serviceA = ConsumerBundles.serviceOf(a);
            CryptokiService serviceB = ConsumerBundles.serviceOf(b);
            long slot = demoSlot(serviceA).getId();
            EngineStatus status = service(EngineStatus.class);
            long before = status.sessionObjectCount();

            Session sessionA = serviceA.getSlot(slot).getToken().openReadWriteSession();
            ObjectHandle sessionObjectA = sessionA.createObject(Templates.data("A's session object", false));
            sessionA.createObject(Templates.data("A's token object", true));
            try (Session sessionB = serviceB.getSlot(slot).getToken().openReadWriteSession()) {
                sessionB.createObject(Templates.data("B's session object", false));
                assertThat(sessionB.findObjects(Templates.label("A's session object")), is(empty()));
                assertThat(sessionB.findObjects(Templates.label("A's token object")), hasSize(1));
                assertThat(sessionA.getAttribute(sessionObjectA, Attribute.LABEL), is("A's session object"));
                assertThat(status.sessionObjectCount(), is(before + 2));

                a.stop();

                assertThat("A's session objects are erased with A", status.sessionObjectCount(), is(before + 1));
                assertThat(sessionB.findObjects(Templates.label("B's session object")), hasSize(1));
                assertThat(sessionB.findObjects(Templates.label("A's token object")), hasSize(1));
            }
        } finally {
            a.uninstall();
            b.uninstall();
        }
    }

    @Test
    public void theUserLogsInWithTheDemoPin() throws Exception {
        CryptokiService cryptoki = service(CryptokiService.class);
        Slot slot = demoSlot(cryptoki);
        try (Session s = slot.getToken().openReadWriteSession();
                Pin pin = Pin.ofUtf8("123456".getBytes(StandardCharsets.UTF_8))) {
            s.login(UserType.USER, pin);
            ObjectHandle h = s.createObject(Templates.data("private", false).with(Attribute.PRIVATE, true));
            assertThat(s.getAttribute(h, Attribute.PRIVATE), is(true));
        }
    }

    /** Bouncy Castle and the JDK's providers, reached from the engine bundle inside the framework. */
    @Test
    public void theSoftwareMechanismsWorkInsideTheFramework() throws Exception {
        CryptokiService cryptoki = service(CryptokiService.class);
        Slot slot = demoSlot(cryptoki);
        byte[] data = "signed inside OSGi".getBytes(StandardCharsets.UTF_8);
        try (Session s = slot.getToken().openReadWriteSession();
                Pin pin = Pin.ofUtf8("123456".getBytes(StandardCharsets.UTF_8))) {
            s.login(UserType.USER, pin);
            KeyPair ec = s.generateKeyPair(Mechanism.of(CKM.EC_KEY_PAIR_GEN),
                    Template.of(Attribute.EC_PARAMS.of(new byte[] {6, 8, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 3, 1, 7})),
                    Template.of(Attribute.SIGN.of(true)));
            byte[] signature = s.sign(Mechanism.of(CKM.ECDSA_SHA256), ec.privateKey(), data);
            assertThat(s.verify(Mechanism.of(CKM.ECDSA_SHA256), ec.publicKey(), data, signature), is(true));

            KeyPair ed = s.generateKeyPair(Mechanism.of(CKM.EC_EDWARDS_KEY_PAIR_GEN),
                    Template.of(Attribute.EC_PARAMS.of(new byte[] {6, 3, 0x2b, 0x65, 0x70})), Template.empty());
            byte[] edSignature = s.sign(Mechanism.of(CKM.EDDSA), ed.privateKey(), data);
            assertThat(s.verify(Mechanism.of(CKM.EDDSA), ed.publicKey(), data, edSignature), is(true));

            ObjectHandle aes = s.generateKey(Mechanism.of(CKM.AES_KEY_GEN), Template.of(Attribute.VALUE_LEN.of(32L)));
            Mechanism gcm = Mechanism.of(CKM.AES_GCM, GcmParameter.of(new byte[12], 128));
            assertThat(s.decrypt(gcm, aes, s.encrypt(gcm, aes, data)), is(data));
        }
    }
}
