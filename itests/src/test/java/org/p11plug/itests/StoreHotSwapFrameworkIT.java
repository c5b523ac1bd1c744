package org.p11plug.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.p11plug.api.Application;
import org.p11plug.api.Attribute;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Session;
import org.p11plug.api.Template;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.param.GcmParameter;
import org.p11plug.spi.status.EngineStatus;
import org.p11plug.spi.store.SessionObjectStore;

/**
 * The three store bundles hot-swapped in a real framework while eight threads of two
 * applications encrypt and MAC with session keys: a hundred bundle stops, starts and updates
 * (at least one store registered at every moment), then a switch through Config Admin. Every
 * operation must succeed, every object keep its handle, and the objects end in the store that
 * should hold them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class StoreHotSwapFrameworkIT {
    private static final String[] STORES = {"org.p11plug.store.heap", "org.p11plug.store.offheap", "org.p11plug.store.wrapped"};
    private static final int THREADS = 8;
    private static final int BUNDLE_OPERATIONS = 100;

    @Inject
    BundleContext context;

    @Inject
    CryptokiService cryptoki;

    @Inject
    EngineStatus status;

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return options(
                ItestOptions.repositories(),
                ItestOptions.runtime(),
                ItestOptions.softToken(ItestOptions.work("hotswap-" + System.nanoTime())),
                ItestOptions.p11plug(),
                ItestOptions.moreStores(),
                ItestOptions.junit());
    }

    @Test
    public void sessionObjectsSurviveAHundredStoreBundleOperationsUnderLoad() throws Exception {
        long slot = demoSlot();
        Await.until("the best ranked store (wrapped) is bound", () -> status.boundStore().equals(Optional.of("wrapped")));
        List<Application> apps = List.of(cryptoki.openApplication(), cryptoki.openApplication());
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            workers.add(new Worker(i, apps.get(i % 2).getSlot(slot).getToken().openReadWriteSession()));
        }
        // One round each before the churn: this test bundle reaches javax.crypto (its JDK HMAC check)
        // through a dynamic import, and Equinox can fail to wire one made while other bundles are
        // being updated (seen once in CI: NoClassDefFoundError javax/crypto/Mac in the test's own code).
        for (Worker w : workers) {
            w.round();
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong rounds = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (Worker w : workers) {
            Thread t = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        w.round();
                        rounds.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "hotswap-worker-" + w.index);
            threads.add(t);
            t.start();
        }

        Bundle[] bundles = new Bundle[STORES.length];
        for (int i = 0; i < STORES.length; i++) {
            bundles[i] = bundle(STORES[i]);
        }
        for (int op = 0; op < BUNDLE_OPERATIONS && failures.isEmpty(); op++) {
            Bundle b = bundles[op % 3];
            boolean othersActive = Arrays.stream(bundles).anyMatch(o -> o != b && o.getState() == Bundle.ACTIVE);
            if (b.getState() != Bundle.ACTIVE) {
                b.start();
            } else if (!othersActive) {
                continue; // never leave the engine without a store
            } else if ((op / 3) % 2 == 0) {
                b.update();
            } else {
                b.stop();
            }
            Thread.sleep(10);
        }
        for (Bundle b : bundles) {
            if (b.getState() != Bundle.ACTIVE) {
                b.start();
            }
        }
        Await.until("the wrapped store is bound again", () -> status.boundStore().equals(Optional.of("wrapped")));

        // then a switch through Config Admin, as p11:store does, while the threads keep working
        org.osgi.service.cm.Configuration engine = configurationAdmin.getConfiguration("org.p11plug.engine", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("store.target", "(store.kind=off-heap)");
        engine.update(props);
        Await.until("the pinned off-heap store is bound", () -> status.boundStore().equals(Optional.of("off-heap")));
        Thread.sleep(200);
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }

        assertThat("operations that failed during the swaps", List.copyOf(failures), is(empty()));
        assertThat(rounds.get(), greaterThan((long) THREADS));
        for (Worker w : workers) {
            w.checkUnchanged();
        }
        long expected = 3L * THREADS;
        assertThat(status.sessionObjectCount(), is(expected));
        assertThat("the off-heap store holds every object", objectCount("off-heap"), is(expected));
        assertThat(objectCount("heap"), is(0L));
        assertThat(objectCount("wrapped"), is(0L));
        for (Application a : apps) {
            a.close();
        }
        assertThat(objectCount("off-heap"), is(0L));
        engine.delete();
    }

    private long objectCount(String kind) throws Exception {
        for (ServiceReference<SessionObjectStore> ref : context.getServiceReferences(SessionObjectStore.class,
                "(store.kind=" + kind + ")")) {
            SessionObjectStore s = context.getService(ref);
            try {
                return s.objectCount();
            } finally {
                context.ungetService(ref);
            }
        }
        throw new AssertionError("no " + kind + " store registered");
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    private long demoSlot() throws InterruptedException {
        Await.until("the demo token is ready", () -> !cryptoki.getSlotsWithToken().isEmpty()
                && cryptoki.getSlotsWithToken().get(0).getToken().getInfo().userPinInitialized());
        return cryptoki.getSlotsWithToken().get(0).getId();
    }

    /** One thread's session keys and what it does with them. */
    private static final class Worker {
        private static final SecureRandom RANDOM = new SecureRandom();
        final int index;
        final Session session;
        final byte[] hmacValue = new byte[32];
        final ObjectHandle aes;
        final ObjectHandle hmac;
        final ObjectHandle data;
        int round;

        Worker(int index, Session session) {
            this.index = index;
            this.session = session;
            byte[] aesValue = new byte[32];
            RANDOM.nextBytes(aesValue);
            RANDOM.nextBytes(hmacValue);
            aes = session.createObject(secret(CKK.AES, aesValue, "aes-" + index));
            hmac = session.createObject(secret(CKK.GENERIC_SECRET, hmacValue.clone(), "hmac-" + index));
            data = session.createObject(Template.builder().set(Attribute.CLASS, CKO.DATA).set(Attribute.PRIVATE, false)
                    .set(Attribute.LABEL, "data-" + index).build());
        }

        private static Template secret(long keyType, byte[] value, String label) {
            return Template.builder().set(Attribute.CLASS, CKO.SECRET_KEY).set(Attribute.KEY_TYPE, keyType)
                    .set(Attribute.PRIVATE, false).set(Attribute.LABEL, label).set(Attribute.VALUE, value)
                    .set(Attribute.ENCRYPT, true).set(Attribute.DECRYPT, true).set(Attribute.SIGN, true).build();
        }

        void round() throws Exception {
            byte[] message = ("round " + round++ + " of worker " + index).getBytes(StandardCharsets.UTF_8);
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Mechanism gcm = Mechanism.of(CKM.AES_GCM, GcmParameter.of(iv, 128));
            if (!Arrays.equals(session.decrypt(gcm, aes, session.encrypt(gcm, aes, message)), message)) {
                throw new AssertionError("AES-GCM round trip changed the message");
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacValue, "HmacSHA256"));
            if (!Arrays.equals(session.sign(Mechanism.of(CKM.SHA256_HMAC), hmac, message), mac.doFinal(message))) {
                throw new AssertionError("HMAC differs from the JDK's");
            }
            if (round % 8 == 0) {
                ObjectHandle churn = session.createObject(Template.builder().set(Attribute.CLASS, CKO.DATA)
                        .set(Attribute.PRIVATE, false).set(Attribute.LABEL, "churn").build());
                session.destroyObject(churn);
            }
        }

        void checkUnchanged() throws Exception {
            assertThat(session.getAttribute(aes, Attribute.LABEL), is("aes-" + index));
            assertThat(session.getAttribute(hmac, Attribute.LABEL), is("hmac-" + index));
            assertThat(session.getAttribute(data, Attribute.LABEL), is("data-" + index));
            round();
        }
    }
}
