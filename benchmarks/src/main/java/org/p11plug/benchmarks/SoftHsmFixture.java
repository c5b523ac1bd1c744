package org.p11plug.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKU;
import sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS;
import sun.security.pkcs11.wrapper.PKCS11;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * SoftHSMv2 loaded into this JVM through the JDK's own PKCS#11 wrapper, with a read/write session
 * logged in as user on the token {@value #TOKEN_LABEL}: the native token the engine is compared with.
 *
 * <p>SoftHSM reads its configuration (where the tokens live) from the file named by the
 * {@code SOFTHSM2_CONF} environment variable when {@code C_Initialize} runs, and a running JVM cannot
 * set its own environment. So {@code benchmarks/run.sh} writes a private configuration and token
 * directory, initialises the token and exports {@code SOFTHSM2_CONF} before starting Java; JMH forks
 * inherit it. Without it SoftHSM would fall back to the system-wide {@code /etc/softhsm/softhsm2.conf},
 * which this fixture refuses rather than touch the machine's real tokens.
 *
 * <p>The JDK keeps one wrapper per library for the life of the JVM and initialises it once, so the
 * fixture never finalizes it: {@link #close()} closes the session, which destroys its session objects
 * and logs out.
 */
final class SoftHsmFixture implements AutoCloseable {
    /** What a JMH fork touching the wrapper needs: {@code @Fork(jvmArgsAppend = SoftHsmFixture.JVM_ARGS)}. */
    static final String JVM_ARGS = "--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED";
    static final String TOKEN_LABEL = "bench";
    static final char[] USER_PIN = "123456".toCharArray();
    private static final String DEFAULT_LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";

    final PKCS11 p11;
    final long slot;
    final long session;
    private final long[] mechanisms;

    SoftHsmFixture() {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || !Files.isRegularFile(Path.of(conf))) {
            throw new IllegalStateException("SOFTHSM2_CONF is " + (conf == null ? "not set" : "not a file: " + conf)
                    + "; run the SoftHSM benchmarks through benchmarks/run.sh, which writes a private SoftHSM"
                    + " configuration, initialises the token '" + TOKEN_LABEL + "' and exports SOFTHSM2_CONF");
        }
        String library = System.getenv().getOrDefault("SOFTHSM2_LIB", DEFAULT_LIBRARY);
        if (!Files.isRegularFile(Path.of(library))) {
            throw new IllegalStateException(library + " not found: apt-get install softhsm2, or set SOFTHSM2_LIB");
        }
        try {
            CK_C_INITIALIZE_ARGS args = new CK_C_INITIALIZE_ARGS();
            args.flags = CKF.OS_LOCKING_OK;
            p11 = PKCS11.getInstance(library, "C_GetFunctionList", args, false);
            slot = findSlot(p11);
            mechanisms = p11.C_GetMechanismList(slot);
            Arrays.sort(mechanisms);
            session = p11.C_OpenSession(slot, CKF.SERIAL_SESSION | CKF.RW_SESSION, null, null);
            p11.C_Login(session, CKU.USER, USER_PIN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PKCS11Exception e) {
            throw new IllegalStateException("SoftHSM (" + library + ", " + conf + "): " + e.getMessage(), e);
        }
    }

    private static long findSlot(PKCS11 p11) throws PKCS11Exception {
        for (long slot : p11.C_GetSlotList(true)) {
            if (new String(p11.C_GetTokenInfo(slot).label).trim().equals(TOKEN_LABEL)) {
                return slot;
            }
        }
        throw new IllegalStateException("no SoftHSM token labelled '" + TOKEN_LABEL + "' in the directory of "
                + System.getenv("SOFTHSM2_CONF") + "; benchmarks/run.sh initialises it");
    }

    /**
     * Fails, naming the mechanism, when this SoftHSM build does not offer it (EdDSA depends on the
     * OpenSSL SoftHSM was built with): the benchmark that needs it stops with this message instead
     * of measuring an error path.
     */
    void require(long mechanism) {
        if (Arrays.binarySearch(mechanisms, mechanism) < 0) {
            throw new UnsupportedOperationException("SoftHSM does not offer "
                    + Objects.requireNonNullElse(CKM.nameOf(mechanism), Long.toHexString(mechanism))
                    + " in slot " + slot + " (C_GetMechanismList); benchmark skipped");
        }
    }

    @Override
    public void close() {
        try {
            p11.C_CloseSession(session);
        } catch (PKCS11Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
