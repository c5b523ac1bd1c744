package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.Application;
import org.p11plug.api.Attribute;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Session;
import org.p11plug.api.Template;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.param.ByteArrayParameter;

/**
 * The security claim of each store, proved on heap dumps: a session secret key with a known
 * random value is created, used, destroyed; after a GC, a dump of the reachable heap must not
 * hold the value. For the off-heap and wrapped stores the live dump must not hold it while the
 * key exists either, between operations. The counts in dumps that include unreachable objects
 * (copies made by the JDK's ciphers and left to the collector) are reported, not asserted:
 * target/key-erasure.txt, and the README's table.
 */
class KeyErasureTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Path REPORT = Path.of("target", "key-erasure.txt");

    static Stream<Fixtures.Store> stores() {
        return Fixtures.STORES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aDestroyedKeyIsInNoReachableObject(Fixtures.Store store) throws Exception {
        ByteBuffer secret = ByteBuffer.allocateDirect(32);
        byte[] value = new byte[32];
        RANDOM.nextBytes(value);
        secret.put(0, value);
        boolean protective = !store.name().equals("heap");

        int whileAlive;
        int afterDestroyLive;
        int afterDestroyAll;
        try (SoftTokenFixture fixture = new SoftTokenFixture(store.create().get());
                Application app = fixture.service("erasure").openApplication();
                Session session = app.getSlot(fixture.slotId()).getToken().openReadWriteSession()) {
            ObjectHandle key = session.createObject(Template.builder()
                    .set(Attribute.CLASS, CKO.SECRET_KEY).set(Attribute.KEY_TYPE, CKK.AES)
                    .set(Attribute.VALUE, value).set(Attribute.SENSITIVE, true).set(Attribute.PRIVATE, false)
                    .set(Attribute.ENCRYPT, true).set(Attribute.SIGN, true).build());
            Arrays.fill(value, (byte) 0); // the template held this very array: the test keeps no copy

            use(session, key);
            whileAlive = HeapDumps.occurrences(secret, true);
            if (protective) {
                assertThat("a " + store.name() + " store keeps no key in the heap between operations", whileAlive, is(0));
            }

            use(session, key);
            session.destroyObject(key);
            System.gc();
            afterDestroyLive = HeapDumps.occurrences(secret, true);
            afterDestroyAll = HeapDumps.occurrences(secret, false);
        }
        assertThat("no reachable object holds a destroyed key (" + store.name() + ")", afterDestroyLive, is(0));
        String line = String.format("%-8s alive, live dump: %d; destroyed, live dump: %d; destroyed, full dump"
                + " (unreachable included): %d%n", store.name(), whileAlive, afterDestroyLive, afterDestroyAll);
        System.out.print("key erasure: " + line);
        Files.writeString(REPORT, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Encryption and a MAC: both lend the key to a JDK primitive for one call. */
    private static void use(Session session, ObjectHandle key) {
        byte[] iv = new byte[16];
        session.encrypt(Mechanism.of(CKM.AES_CBC_PAD, new ByteArrayParameter(iv)), key, new byte[100]);
        session.sign(Mechanism.of(CKM.AES_CMAC), key, new byte[64]);
    }
}
