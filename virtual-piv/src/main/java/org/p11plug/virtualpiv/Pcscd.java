package org.p11plug.virtualpiv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A real pcscd for tests and benchmarks, with a reader configuration of the project's own: one
 * vpcd reader pair named {@value #READER} on a port of our choosing. One pcscd per host (its
 * socket path is fixed), so a pcscd already running is refused, not shared.
 */
public final class Pcscd implements AutoCloseable {
    public static final String READER = "p11plug Virtual PIV";
    static final Path VPCD_DRIVER = Path.of("/usr/lib/pcsc/drivers/serial/libifdvpcd.so");
    public static final Path OPENSC_MODULE = Path.of("/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so");
    private static final List<String> TOOLS = List.of("pcscd", "opensc-tool", "pkcs11-tool", "yubico-piv-tool", "openssl");

    private final int port;
    private final Process process;

    private Pcscd(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** The vpcd port the card connects to. */
    public int port() {
        return port;
    }

    /**
     * Why the stack cannot run here (a tool missing, a pcscd already running), or empty when it can.
     */
    public static java.util.Optional<String> unavailable() throws IOException, InterruptedException {
        for (String tool : TOOLS) {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                return java.util.Optional.of(tool
                        + " is not installed (apt-get install pcscd vsmartcard-vpcd opensc yubico-piv-tool)");
            }
        }
        if (!Files.exists(VPCD_DRIVER) || !Files.exists(OPENSC_MODULE)) {
            return java.util.Optional.of("vpcd or the OpenSC PKCS#11 module is missing (apt-get install vsmartcard-vpcd opensc)");
        }
        if (running()) {
            return java.util.Optional.of("a pcscd is already running (one per host): stop it first (pkill -x pcscd)");
        }
        return java.util.Optional.empty();
    }

    /** Starts pcscd with a vpcd reader on {@code port}, configured under {@code work}. */
    public static Pcscd start(Path work, int port) throws IOException, InterruptedException {
        java.util.Optional<String> why = unavailable();
        if (why.isPresent()) {
            throw new IllegalStateException(why.get());
        }
        Path readers = Files.createDirectories(work.resolve("reader.conf.d"));
        Files.writeString(readers.resolve("p11plug-vpcd"), String.join("\n",
                "FRIENDLYNAME \"" + READER + "\"",
                "DEVICENAME   /dev/null:0x" + Integer.toHexString(port).toUpperCase(Locale.ROOT),
                "LIBPATH      " + VPCD_DRIVER,
                "CHANNELID    0x" + Integer.toHexString(port).toUpperCase(Locale.ROOT), ""));
        Process p = new ProcessBuilder("pcscd", "-f", "-c", readers.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("pcscd.log").toFile())
                .start();
        Pcscd pcscd = new Pcscd(port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // wait for the reader's port to listen; connecting to it would insert a card
        while (!listening(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                pcscd.close();
                throw new IllegalStateException("pcscd did not open the vpcd port " + port + ": see " + work.resolve("pcscd.log"));
            }
            Thread.sleep(20);
        }
        return pcscd;
    }

    /** Whether a TCP port listens (state 0A in /proc/net/tcp). */
    public static boolean listening(int port) throws IOException {
        String hex = String.format(":%04X ", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path t = Path.of(table);
            if (Files.exists(t)) {
                for (String line : Files.readAllLines(t)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && (f[1] + " ").endsWith(hex) && f[3].equals("0A")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean running() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pgrep", "-x", "pcscd").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    /** SIGTERM, which pcscd honours in milliseconds; then make sure it is gone (one per host). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
