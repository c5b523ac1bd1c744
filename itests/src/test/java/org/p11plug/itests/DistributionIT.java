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
        Process p = new ProcessBuilder(dist.resolve("bin/p11plug").toString())
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            Thread.sleep(4000);
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
