package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Session;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.param.GcmParameter;

/**
 * One key used by several sessions at once, on several threads: every result equals the JDK's.
 * The engine keeps prepared primitives per key between operations (an AES cipher, a keyed Mac);
 * no two operations may ever share one.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class SharedKeyConcurrencyTest extends CryptoTest {
    private static final int THREADS = 4;
    private static final int ROUNDS = 300;

    @Test
    void concurrentOperationsWithOneKeyAgreeWithTheJdk() throws Exception {
        byte[] aesValue = JdkKeys.hex("000102030405060708090a0b0c0d0e0f");
        byte[] macValue = JdkKeys.hex("0f0e0d0c0b0a09080706050403020100");
        ObjectHandle aes = aes(aesValue);
        ObjectHandle mac = generic(macValue);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    Cipher jdkGcm = Cipher.getInstance("AES/GCM/NoPadding");
                    Mac jdkMac = Mac.getInstance("HmacSHA256");
                    jdkMac.init(new SecretKeySpec(macValue, "HmacSHA256"));
                    int checked = 0;
                    try (Session s = app.getSlot(slot).getToken().openReadWriteSession()) {
                        for (int i = 0; i < ROUNDS; i++) {
                            byte[] iv = ByteBuffer.allocate(12).putInt(thread).putInt(i).array();
                            byte[] data = ByteBuffer.allocate(40).putInt(thread).putInt(i).array();
                            jdkGcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesValue, "AES"), new GCMParameterSpec(128, iv));
                            Mechanism gcm = Mechanism.of(CKM.AES_GCM, GcmParameter.of(iv, 128));
                            byte[] sealed = s.encrypt(gcm, aes, data);
                            assertThat(sealed, is(jdkGcm.doFinal(data)));
                            assertThat(s.decrypt(gcm, aes, sealed), is(data));
                            assertThat(s.sign(Mechanism.of(CKM.SHA256_HMAC), mac, data), is(jdkMac.doFinal(data)));
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS), is(ROUNDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
