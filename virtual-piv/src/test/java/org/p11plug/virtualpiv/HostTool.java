package org.p11plug.virtualpiv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host program (OpenSC, yubico-piv-tool, openssl) and keeps what it printed. */
record HostTool(int exit, String output) {
    static HostTool run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        return new HostTool(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs it and insists on exit status 0. */
    static String ok(Path dir, String... command) throws IOException, InterruptedException {
        HostTool t = run(dir, command);
        if (t.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + t.exit() + ":\n" + t.output());
        }
        return t.output();
    }
}
