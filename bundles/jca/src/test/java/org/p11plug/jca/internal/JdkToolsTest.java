package org.p11plug.jca.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.p11plug.jca.P11plugProvider;

/**
 * The JDK's own tools with the provider loaded by class name from a plain class path and
 * configured by file ({@code -providerClass -providerArg -providerPath}), as a user would run
 * them: keytool lists the token, jarsigner signs a jar with a key on the token and verifies it.
 * The token is made by a {@link TokenFixture} that is then closed, since a software token is
 * opened by one process at a time.
 */
class JdkToolsTest {
    static Path config;
    static Path work;

    @BeforeAll
    static void makeToken() throws Exception {
        TokenFixture token = new TokenFixture(2);
        config = token.configFile();
        work = Files.createDirectories(token.directory.resolve("work"));
        token.close();
        unsignedJar(work.resolve("app.jar"));
    }

    /** A small jar to sign. */
    static void unsignedJar(Path path) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream file = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(file, manifest)) {
            jar.putNextEntry(new JarEntry("hello.txt"));
            jar.write("signed with a key on a p11plug token\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
    }

    @Test
    void keytoolListsTheToken() throws Exception {
        String out = run(tool("keytool"), "-list", "-keystore", "NONE", "-storetype", P11plugProvider.KEYSTORE_TYPE,
                "-providerClass", P11plugProvider.class.getName(), "-providerArg", config.toString(),
                "-providerPath", System.getProperty("java.class.path"), "-storepass", "123456");
        assertThat(out, containsString("Your keystore contains 3 entries"));
        assertThat(out, containsString("rsa, "));
        assertThat(out, containsString("PrivateKeyEntry"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ec", "ed"})
    void jarsignerSignsWithATokenKeyAndTheSignatureVerifies(String alias) throws Exception {
        Path signed = work.resolve("app-" + alias + ".jar");
        // jarsigner has no -providerPath: the provider's jars go on its class path
        run(tool("jarsigner"), "-J-cp", "-J" + System.getProperty("java.class.path"), "-keystore", "NONE",
                "-storetype", P11plugProvider.KEYSTORE_TYPE, "-providerClass", P11plugProvider.class.getName(),
                "-providerArg", config.toString(), "-storepass", "123456",
                "-signedjar", signed.toString(), work.resolve("app.jar").toString(), alias);
        String out = run(tool("jarsigner"), "-verify", "-verbose", signed.toString());
        assertThat(out, containsString("jar verified."));
    }

    static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    static String run(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(String.join(" ", command), p.waitFor(120, TimeUnit.SECONDS), is(true));
        assertThat(String.join(" ", command) + "\n" + out, p.exitValue(), is(0));
        return out;
    }
}
