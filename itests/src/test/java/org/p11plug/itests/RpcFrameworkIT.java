package org.p11plug.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.cm.ConfigurationAdminOptions;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.p11plug.api.CryptokiService;

/**
 * The native bridge as a DS component in a real framework (Felix and Equinox): configured by
 * Config Admin with a socket path, it serves the engine's tokens to a p11-kit client.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RpcFrameworkIT {
    static final Path SOCKET = ItestOptions.work("rpc/pkcs11").toAbsolutePath();

    @Inject
    CryptokiService cryptoki;

    @Configuration
    public Option[] config() {
        return options(
                ItestOptions.repositories(),
                ItestOptions.runtime(),
                ItestOptions.softToken(ItestOptions.work("rpc-" + System.nanoTime())),
                ItestOptions.p11plug(),
                ConfigurationAdminOptions.newConfiguration("org.p11plug.rpc")
                        .put("socket.path", SOCKET.toString())
                        .asOption(),
                bundle(Path.of(System.getProperty("bundles.dir"), "org.p11plug.rpc.jar").toUri().toString()),
                ItestOptions.junit());
    }

    @Test
    public void theBridgeServesTheDemoTokenOverItsSocket() throws Exception {
        Await.until("the demo token is ready", () -> cryptoki.getSlotsWithToken().stream()
                .anyMatch(s -> s.getToken().getInfo().userPinInitialized()));
        Await.until("the bridge listens", () -> Files.exists(SOCKET));
        long[] slots = RpcProbe.slotsWithToken(SOCKET);
        assertThat(slots.length, is(1));
        assertThat(slots[0], is(cryptoki.getSlotsWithToken().get(0).getId()));
    }
}
