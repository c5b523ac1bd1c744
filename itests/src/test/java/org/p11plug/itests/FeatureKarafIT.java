package org.p11plug.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.CoreMatchers.is;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.Session;
import org.p11plug.api.Slot;
import org.p11plug.spi.status.EngineStatus;

/**
 * The Karaf feature, installed in a real Karaf (apache-karaf-minimal) by feature:install: the
 * engine, the three stores (off-heap with JNA) and the software token come up and serve a session. The feature file
 * under test is the one the features module built; its p11plug bundle locations point at this
 * build's jars, so the test needs no prior {@code mvn install}. Karaf's probe wires to the JUnit
 * bundle Pax Exam installs there, which carries Hamcrest 1.3: only its core matchers are used.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FeatureKarafIT {
    @Inject
    CryptokiService cryptoki;

    @Inject
    EngineStatus status;

    @Inject
    @org.ops4j.pax.exam.util.Filter("(provider.name=P11plug)")
    java.security.Provider provider;

    @Configuration
    public Option[] config() {
        Path tokens = ItestOptions.work("karaf-tokens").toAbsolutePath();
        String cfg = "etc/org.p11plug.card.soft.cfg";
        String socket = ItestOptions.work("karaf-rpc/pkcs11").toAbsolutePath().toString();
        String mvnCfg = "etc/org.ops4j.pax.url.mvn.cfg";
        return options(
                karafDistributionConfiguration()
                        .frameworkUrl(maven("org.apache.karaf", "apache-karaf-minimal", System.getProperty("karaf.version"))
                                .type("tar.gz"))
                        .unpackDirectory(new File("target/karaf"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.WARN),
                editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.localRepository", System.getProperty("maven.repo.local")),
                editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.repositories", "https://repo1.maven.org/maven2@id=central"),
                editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.defaultRepositories", ""),
                // Karaf's system bundle leaves javax.smartcardio out; the PC/SC backend needs it (README)
                editConfigurationFileExtend("etc/config.properties", "org.osgi.framework.system.packages.extra",
                        "javax.smartcardio"),
                editConfigurationFilePut(cfg, "directory", tokens.toString()),
                editConfigurationFilePut(cfg, "demo.enabled", "true"),
                editConfigurationFilePut(cfg, "kdfMemoryKiB", "64"),
                editConfigurationFilePut(cfg, "kdfIterations", "1"),
                editConfigurationFilePut("etc/org.p11plug.rpc.cfg", "socket.path", socket),
                editConfigurationFilePut("etc/system.properties", "p11plug.rpc.socket", socket),
                features(localFeatures().toUri().toString(), "p11plug", "p11plug-store-offheap", "p11plug-store-wrapped",
                        "p11plug-pcsc", "p11plug-rpc", "p11plug-jca"));
    }

    /** The built feature file with p11plug's own bundles taken from this build's output. */
    private static Path localFeatures() {
        try {
            String xml = Files.readString(Path.of(System.getProperty("features.file")), StandardCharsets.UTF_8);
            List<String> bundles = new java.util.ArrayList<>(List.of(ItestOptions.P11PLUG_BUNDLES));
            bundles.addAll(List.of("org.p11plug.store.offheap", "org.p11plug.store.wrapped", "org.p11plug.card.pcsc",
                    "org.p11plug.rpc", "org.p11plug.jca"));
            for (String bundle : bundles) {
                String jar = Path.of(System.getProperty("bundles.dir"), bundle + ".jar").toAbsolutePath().toUri().toString();
                xml = xml.replaceAll("mvn:org\\.p11plug/" + bundle.replace(".", "\\.") + "/[^<]+", jar);
            }
            Path out = ItestOptions.work("karaf-features.xml");
            Files.createDirectories(out.getParent());
            Files.writeString(out, xml, StandardCharsets.UTF_8);
            return out.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    public void theFeatureServesASession() throws Exception {
        Await.until("the demo token is ready", () -> cryptoki.getSlotsWithToken().stream()
                .anyMatch(s -> s.getToken().getInfo().userPinInitialized()));
        Await.until("the three store features are up", () -> status.availableStores().size() == 3);
        assertThat("the best ranked store is bound", status.boundStore(), is(Optional.of("wrapped")));
        assertThat(status.availableStores().toString(), status.availableStores().get(1).startsWith("off-heap"), is(true));
        Await.until("the PC/SC backend is bound beside the soft token", () -> status.backends().equals(List.of("pcsc", "soft")));
        Slot slot = cryptoki.getSlotsWithToken().get(0);
        try (Session s = slot.getToken().openReadWriteSession()) {
            s.createObject(Templates.data("in karaf", false));
            assertThat(s.findObjects(Templates.label("in karaf")).size(), is(1));
        }
        Path socket = Path.of(System.getProperty("p11plug.rpc.socket"));
        Await.until("the native bridge listens", () -> Files.exists(socket));
        assertThat("the bridge lists the token", RpcProbe.slotsWithToken(socket).length, is(1));
        assertThat("the JCA provider serves the token", java.security.MessageDigest.getInstance("SHA-256", provider)
                .digest(new byte[0]).length, is(32));
    }
}
