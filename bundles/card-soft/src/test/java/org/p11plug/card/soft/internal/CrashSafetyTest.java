package org.p11plug.card.soft.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.spi.token.LoginTicket;
import org.p11plug.spi.token.TokenObject;

/**
 * Kill -9 at any moment leaves a readable token, and a PIN check interrupted by a kill counts as
 * a failed attempt. Each test runs the token in a child JVM ({@link CrashChild}) and kills it.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    private Process child(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", classpath(), CrashChild.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null ? cp : System.getProperty("java.class.path");
    }

    private static String readLine(Process p) throws IOException {
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        return line == null ? "" : line;
    }

    @Test
    void killedWritersLeaveAReadableToken() throws Exception {
        SoftTokens.initialized(dir).close();
        Random random = new Random(42);
        for (int round = 0; round < 4; round++) {
            Process p = child("write", dir.toString());
            assertThat(readLine(p), is("ready"));
            Thread.sleep(150 + random.nextInt(400));
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            try (SoftTokenBackend backend = new SoftTokenBackend(SoftTokens.cheap(dir))) {
                SoftToken token = SoftTokens.token(backend);
                assertThat(token.info().initialized(), is(true));
                int publicCount = token.list().size();
                try (LoginTicket user = token.login(UserType.USER, SoftTokens.USER_PIN.clone())) {
                    List<? extends TokenObject> all = List.copyOf(token.list());
                    assertThat(all.size(), greaterThan(publicCount));
                    for (TokenObject o : all) {
                        String label = new String(o.read(CKA.LABEL), StandardCharsets.UTF_8);
                        assertThat(label, org.hamcrest.Matchers.either(startsWith("obj")).or(startsWith("renamed")));
                        assertThat(o.withSecret(CKA.VALUE, v -> v.length), is(1));
                    }
                }
            }
            try (var files = Files.walk(dir)) {
                assertThat(files.noneMatch(f -> f.toString().endsWith(AtomicFiles.TEMP_SUFFIX)
                        && f.getParent().endsWith("slot-0")), is(true));
            }
        }
    }

    @Test
    void aPinCheckInterruptedByAKillCountsAsAFailure() throws Exception {
        SoftTokens.initialized(dir).close();
        // Re-wrap the user PIN with a costly derivation, so that the child's check takes a while.
        SoftTokenSettings expensive = new SoftTokenSettings(dir, 1, 0, 4, 64, 10, 10, 128 * 1024, 4);
        try (SoftTokenBackend backend = new SoftTokenBackend(expensive)) {
            SoftToken token = SoftTokens.token(backend);
            try (LoginTicket so = token.login(UserType.SO, SoftTokens.SO_PIN.clone())) {
                token.initPin(so, SoftTokens.USER_PIN.clone());
            }
        }
        Path counters = dir.resolve("slot-0/pin.state");
        byte[] before = Files.readAllBytes(counters);
        Process p = child("login", dir.toString(), new String(SoftTokens.USER_PIN, StandardCharsets.UTF_8));
        assertThat(readLine(p), is("checking"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (java.util.Arrays.equals(Files.readAllBytes(counters), before) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat("the child was killed inside the derivation, before it could finish",
                p.exitValue() != 0, is(true));
        try (SoftTokenBackend backend = new SoftTokenBackend(SoftTokens.cheap(dir))) {
            SoftToken token = SoftTokens.token(backend);
            assertThat(token.info().hasFlag(CKF.USER_PIN_COUNT_LOW), is(true));
        }
    }
}
