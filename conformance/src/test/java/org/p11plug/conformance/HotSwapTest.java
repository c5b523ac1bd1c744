package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.p11plug.api.Application;
import org.p11plug.api.Attribute;
import org.p11plug.api.CkException;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Session;
import org.p11plug.api.Template;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.param.GcmParameter;
import org.p11plug.engine.StandaloneEngine;
import org.p11plug.spi.store.SessionObjectStore;
import org.p11plug.store.heap.internal.HeapSessionObjectStore;
import org.p11plug.store.offheap.internal.OffHeapSessionObjectStore;
import org.p11plug.store.wrapped.internal.WrappedSessionObjectStore;

/**
 * Hot swap of the session-object store under load, the way DS does it (the replacement bound
 * before the outgoing store is unbound): eight threads of two applications encrypt, MAC and
 * sign with session keys, and create and destroy objects, while the store changes a hundred
 * times. Every operation must succeed, every object keep its handle and values, and the objects
 * must end in the store bound last and in no other.
 */
class HotSwapTest {
    private static final int THREADS = 8;
    private static final int SWAPS = 100;

    @Test
    void objectsSurviveAHundredSwapsUnderLoad() throws Exception {
        HeapSessionObjectStore heap = new HeapSessionObjectStore();
        OffHeapSessionObjectStore offHeap = new OffHeapSessionObjectStore();
        WrappedSessionObjectStore wrapped = new WrappedSessionObjectStore();
        List<SessionObjectStore> stores = List.of(heap, offHeap, wrapped);
        try (SoftTokenFixture fixture = new SoftTokenFixture(new Fixtures.StoreInstance(heap, () -> { }))) {
            StandaloneEngine engine = fixture.engine();
            List<Application> apps = List.of(fixture.service("swap-a").openApplication(),
                    fixture.service("swap-b").openApplication());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong operations = new AtomicLong();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                workers.add(new Worker(i, apps.get(i % 2).getSlot(fixture.slotId()).getToken().openReadWriteSession()));
            }
            List<Thread> threads = new ArrayList<>();
            for (Worker w : workers) {
                Thread t = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            w.round();
                            operations.addAndGet(4);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "swap-worker-" + w.index);
                threads.add(t);
                t.start();
            }

            SessionObjectStore bound = heap;
            for (int k = 1; k <= SWAPS && failures.isEmpty(); k++) {
                SessionObjectStore next = stores.get(k % 3);
                engine.bindStore(next);
                engine.unbindStore(bound);
                bound = next;
                Thread.sleep(3);
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }

            assertThat("operations that failed during the swaps", List.copyOf(failures), is(empty()));
            assertThat(operations.get(), greaterThan((long) THREADS));
            for (Worker w : workers) {
                w.checkUnchanged(); // same handles, same values, still usable
            }
            long expected = 4L * THREADS;
            assertThat(engine.status().sessionObjectCount(), is(expected));
            assertThat("the store bound last (" + bound.kind() + ") holds every object", bound.objectCount(), is(expected));
            for (SessionObjectStore s : stores) {
                if (s != bound) {
                    assertThat(s.kind() + " holds nothing", s.objectCount(), is(0L));
                }
            }
            for (Application a : apps) {
                a.close();
            }
            assertThat(bound.objectCount(), is(0L));
        } finally {
            heap.shutdown();
            offHeap.shutdown();
            wrapped.shutdown();
        }
    }

    @Test
    void whenTheLastStoreLeavesItsObjectsAreErasedAndCreationFailsCleanly() throws Exception {
        HeapSessionObjectStore heap = new HeapSessionObjectStore();
        try (SoftTokenFixture fixture = new SoftTokenFixture(new Fixtures.StoreInstance(heap, heap::shutdown));
                Application app = fixture.service("last").openApplication();
                Session s = app.getSlot(fixture.slotId()).getToken().openReadWriteSession()) {
            ObjectHandle h = s.createObject(data("before"));
            fixture.engine().unbindStore(heap);

            assertThat(heap.objectCount(), is(0L));
            CkException gone = assertThrows(CkException.class, () -> s.getAttribute(h, Attribute.LABEL));
            assertThat(CkException.name(gone.ckr()), is(CkException.name(CKR.OBJECT_HANDLE_INVALID)));
            CkException noStore = assertThrows(CkException.class, () -> s.createObject(data("homeless")));
            assertThat(CkException.name(noStore.ckr()), is(CkException.name(CKR.DEVICE_MEMORY)));
            assertThat("the session stays open", s.getInfo().slotId(), is(fixture.slotId()));

            fixture.engine().bindStore(heap);
            ObjectHandle again = s.createObject(data("after"));
            assertThat(s.getAttribute(again, Attribute.LABEL), is("after"));
        }
    }

    private static Template data(String label) {
        return Template.builder().set(Attribute.CLASS, CKO.DATA).set(Attribute.TOKEN, false)
                .set(Attribute.PRIVATE, false).set(Attribute.LABEL, label).build();
    }

    /** One thread's keys and what it does with them. */
    private static final class Worker {
        private static final SecureRandom RANDOM = new SecureRandom();
        final int index;
        final Session session;
        final byte[] aesValue = new byte[32];
        final byte[] hmacValue = new byte[32];
        final KeyPair ec = JdkKeys.pair(JdkKeys.P256);
        final ObjectHandle aes;
        final ObjectHandle hmac;
        final ObjectHandle ecPrivate;
        final ObjectHandle label;
        int round;

        Worker(int index, Session session) {
            this.index = index;
            this.session = session;
            RANDOM.nextBytes(aesValue);
            RANDOM.nextBytes(hmacValue);
            aes = session.createObject(secret(CKK.AES, aesValue.clone(), "aes-" + index));
            hmac = session.createObject(secret(CKK.GENERIC_SECRET, hmacValue.clone(), "hmac-" + index));
            ecPrivate = session.createObject(Template.builder()
                    .set(Attribute.CLASS, CKO.PRIVATE_KEY).set(Attribute.KEY_TYPE, CKK.EC).set(Attribute.PRIVATE, false)
                    .set(Attribute.EC_PARAMS, JdkKeys.P256.params()).set(Attribute.LABEL, "ec-" + index)
                    .set(Attribute.VALUE, JdkKeys.fixed(((java.security.interfaces.ECPrivateKey) ec.getPrivate()).getS(), 32))
                    .set(Attribute.SIGN, true).build());
            label = session.createObject(data("data-" + index));
        }

        private static Template secret(long keyType, byte[] value, String label) {
            return Template.builder().set(Attribute.CLASS, CKO.SECRET_KEY).set(Attribute.KEY_TYPE, keyType)
                    .set(Attribute.PRIVATE, false).set(Attribute.LABEL, label).set(Attribute.VALUE, value)
                    .set(Attribute.ENCRYPT, true).set(Attribute.DECRYPT, true).set(Attribute.SIGN, true).build();
        }

        void round() throws Exception {
            byte[] message = ("round " + round++ + " of worker " + index).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Mechanism gcm = Mechanism.of(CKM.AES_GCM, GcmParameter.of(iv, 128));
            byte[] sealed = session.encrypt(gcm, aes, message);
            if (!Arrays.equals(session.decrypt(gcm, aes, sealed), message)) {
                throw new AssertionError("AES-GCM round trip changed the message");
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacValue, "HmacSHA256"));
            if (!Arrays.equals(session.sign(Mechanism.of(CKM.SHA256_HMAC), hmac, message), mac.doFinal(message))) {
                throw new AssertionError("HMAC differs from the JDK's");
            }
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(ec.getPublic());
            verifier.update(message);
            if (!verifier.verify(session.sign(Mechanism.of(CKM.ECDSA_SHA256), ecPrivate, message))) {
                throw new AssertionError("ECDSA signature does not verify");
            }
            if (round % 8 == 0) {
                ObjectHandle churn = session.createObject(data("churn-" + index));
                if (!session.getAttribute(churn, Attribute.LABEL).equals("churn-" + index)) {
                    throw new AssertionError("a new object lost its label");
                }
                session.destroyObject(churn);
            }
        }

        void checkUnchanged() throws Exception {
            assertThat(session.getAttribute(aes, Attribute.LABEL), is("aes-" + index));
            assertThat(session.getAttribute(hmac, Attribute.LABEL), is("hmac-" + index));
            assertThat(session.getAttribute(ecPrivate, Attribute.LABEL), is("ec-" + index));
            assertThat(session.getAttribute(label, Attribute.LABEL), is("data-" + index));
            round();
        }
    }
}
