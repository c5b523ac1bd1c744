package org.p11plug.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.wrappedBundle;

import java.nio.file.Path;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.cm.ConfigurationAdminOptions;

/**
 * The bundles every framework test deploys: the OSGi services p11plug needs (SCR, Config Admin,
 * Metatype, Gogo runtime), Bouncy Castle and JSpecify, the p11plug bundles built by this reactor,
 * and JUnit wrapped so that it wires to Hamcrest 2 (a plain junitBundles() embeds Hamcrest 1.3,
 * and the probe then finds "no runnable methods").
 */
final class ItestOptions {
    static final String[] P11PLUG_BUNDLES = {
        "org.p11plug.api", "org.p11plug.spi", "org.p11plug.engine", "org.p11plug.store.heap",
        "org.p11plug.card.soft", "org.p11plug.shell"
    };

    private ItestOptions() {
    }

    static Path work(String name) {
        return Path.of(System.getProperty("itest.work", "target/itest-work"),
                System.getProperty("itest.framework", "framework"), name);
    }

    /** Maven resolution from the local repository and Central only. */
    static Option repositories() {
        return composite(
                systemProperty("org.ops4j.pax.url.mvn.localRepository").value(System.getProperty("maven.repo.local")),
                systemProperty("org.ops4j.pax.url.mvn.repositories")
                        .value("https://repo1.maven.org/maven2@id=central"),
                systemProperty("org.ops4j.pax.url.mvn.useFallbackRepositories").value("false"));
    }

    static Option runtime() {
        return composite(
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.log").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.metatype").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject(),
                mavenBundle("org.jspecify", "jspecify").versionAsInProject(),
                mavenBundle("org.bouncycastle", "bcprov-jdk18on").versionAsInProject());
    }

    static Option p11plug() {
        String dir = System.getProperty("bundles.dir");
        Option[] bundles = new Option[P11PLUG_BUNDLES.length];
        for (int i = 0; i < bundles.length; i++) {
            bundles[i] = bundle(Path.of(dir, P11PLUG_BUNDLES[i] + ".jar").toUri().toString());
        }
        return composite(bundles);
    }

    /** The off-heap store (with JNA) and the wrapped store, beside the heap store of {@link #p11plug()}. */
    static Option moreStores() {
        String dir = System.getProperty("bundles.dir");
        return composite(
                mavenBundle("net.java.dev.jna", "jna").versionAsInProject(),
                bundle(Path.of(dir, "org.p11plug.store.offheap.jar").toUri().toString()),
                bundle(Path.of(dir, "org.p11plug.store.wrapped.jar").toUri().toString()));
    }

    /** The PC/SC backend and JNA beside it. */
    static Option pcsc() {
        String dir = System.getProperty("bundles.dir");
        return composite(
                mavenBundle("net.java.dev.jna", "jna").versionAsInProject(),
                bundle(Path.of(dir, "org.p11plug.card.pcsc.jar").toUri().toString()));
    }

    /** The software token in a directory of the test's own, with a demo token and a cheap PIN derivation. */
    static Option softToken(Path directory) {
        return composite(
                mavenBundle("org.ops4j.pax.exam", "pax-exam-cm").versionAsInProject(),
                systemProperty("p11plug.soft.directory").value(directory.toAbsolutePath().toString()),
                ConfigurationAdminOptions.newConfiguration("org.p11plug.card.soft")
                        .put("directory", directory.toAbsolutePath().toString())
                        .put("demo.enabled", true)
                        .put("kdfMemoryKiB", 64)
                        .put("kdfIterations", 1)
                        .asOption());
    }

    static Option junit() {
        return composite(
                mavenBundle("org.hamcrest", "hamcrest").versionAsInProject(),
                wrappedBundle(maven("junit", "junit").versionAsInProject())
                        .bundleSymbolicName("junit")
                        .exports("junit.*;version=4.13.2", "org.junit.*;version=4.13.2")
                        .imports("org.hamcrest.*;version=\"[1.3,3)\""),
                mavenBundle("org.ops4j.pax.exam", "pax-exam-invoker-junit").versionAsInProject(),
                systemProperty("pax.exam.invoker").value("junit"));
    }
}
