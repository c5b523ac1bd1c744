package org.p11plug.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The README's run command works: the assembled distribution starts Felix with the Gogo shell,
 * initializes the demo token on first run, and answers the p11 commands. Runs a copy of the
 * distribution so that the build's own stays pristine.
 */
public class DistributionIT {
    @Test
    public void theDistributionStartsWithTheDemoToken() throws Exception {
        Path dist = copy(Path.of(System.getProperty("distribution.dir")), ItestOptions.work("distribution"));
        // the bridge listens where p11-kit-client.so looks by default: under XDG_RUNTIME_DIR, here a test directory
        Path runtime = Files.createDirectories(ItestOptions.work("distribution-xdg").toAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/p11plug").toString()).redirectErrorStream(true);
        pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        pb.environment().remove("P11_KIT_SERVER_ADDRESS");
        Process p = pb.start();
        String nativeList;
        try (OutputStream in = p.getOutputStream()) {
            Thread.sleep(4000);
            nativeList = pkcs11ToolList(runtime);
            in.write("p11:tokens\np11:store\np11:objects 0 123456\np11:store off-heap\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            Thread.sleep(2000);
            in.write("p11:store\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            Thread.sleep(1000);
            in.write("stop 0\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            p.destroyForcibly();
        }
        assertThat(output, containsString("p11plug demo"));
        assertThat(output, containsString("user PIN set"));
        assertThat("the best ranked store is bound by default", output, containsString("bound store:      wrapped"));
        assertThat(output, containsString("store pinned to off-heap"));
        assertThat("p11:store switched the store through Config Admin", output, containsString("bound store:      off-heap"));
        assertThat(output, containsString("0 objects"));
        if (nativeList != null) {
            assertThat("the README's pkcs11-tool line lists the demo token", nativeList,
                    containsString("token label        : p11plug demo"));
        }
    }

    /** The README's one line, with no P11_KIT_SERVER_ADDRESS; null when the tools are not installed. */
    private static String pkcs11ToolList(Path runtime) throws IOException, InterruptedException {
        Path module = Path.of("/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so");
        boolean present = Files.exists(module) && Files.isExecutable(Path.of("/usr/bin/pkcs11-tool"));
        if (!present) {
            if ("1".equals(System.getenv("P11PLUG_REQUIRE_NATIVE"))) {
                throw new AssertionError("p11-kit-client.so or pkcs11-tool missing");
            }
            return null;
        }
        ProcessBuilder pb = new ProcessBuilder("pkcs11-tool", "--module", module.toString(), "-L").redirectErrorStream(true);
        pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        pb.environment().remove("P11_KIT_SERVER_ADDRESS");
        Process tool = pb.start();
        String out = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        tool.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static Path copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (var files = Files.walk(to)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!from.relativize(f).startsWith("data")) {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
