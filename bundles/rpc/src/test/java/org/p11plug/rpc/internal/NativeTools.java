package org.p11plug.rpc.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The native programs that reach the bridge through the stock p11-kit-client.so. Tests skip
 * when one is missing, unless P11PLUG_REQUIRE_NATIVE=1 (as in CI), where a missing tool fails.
 */
final class NativeTools {
    static final Path CLIENT_MODULE = Path.of("/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so");

    record Result(int exit, String output) {
        Result ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + ":\n" + output);
            }
            return this;
        }
    }

    private NativeTools() {
    }

    static void require(String... programs) {
        List<String> missing = new ArrayList<>();
        if (!Files.exists(CLIENT_MODULE)) {
            missing.add(CLIENT_MODULE.toString());
        }
        for (String p : programs) {
            if (!onPath(p)) {
                missing.add(p);
            }
        }
        if (!missing.isEmpty() && "1".equals(System.getenv("P11PLUG_REQUIRE_NATIVE"))) {
            throw new AssertionError("missing " + missing + " (install p11-kit-modules opensc gnutls-bin"
                    + " libengine-pkcs11-openssl openssl)");
        }
        assumeTrue(missing.isEmpty(), () -> "missing " + missing);
    }

    /** Runs a program with P11_KIT_SERVER_ADDRESS pointing at the bridge. */
    static Result run(String address, Path workDir, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().put("P11_KIT_SERVER_ADDRESS", address);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
