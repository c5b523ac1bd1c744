package org.p11plug.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.p11plug.api.CryptokiService;
import org.p11plug.spi.status.EngineStatus;

/**
 * The PC/SC backend resolves and runs in the framework (jnasmartcardio inside its bundle, JNA
 * beside it) next to the software token. No pcscd runs during these tests: the backend offers
 * no PC/SC slots, says why in the log and keeps trying, and the software token is untouched.
 * (The card itself is tested through a real pcscd in the card-pcsc module.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PcscFrameworkIT {
    @Inject
    BundleContext context;

    @Inject
    CryptokiService cryptoki;

    @Inject
    EngineStatus status;

    @Configuration
    public Option[] config() {
        return options(
                ItestOptions.repositories(),
                ItestOptions.runtime(),
                ItestOptions.softToken(ItestOptions.work("pcsc-" + System.nanoTime())),
                ItestOptions.p11plug(),
                ItestOptions.pcsc(),
                ItestOptions.junit());
    }

    @Test
    public void thePcscBackendRunsBesideTheSoftToken() throws Exception {
        Optional<Bundle> pcsc = List.of(context.getBundles()).stream()
                .filter(b -> "org.p11plug.card.pcsc".equals(b.getSymbolicName())).findFirst();
        assertThat(pcsc.isPresent(), is(true));
        assertThat(pcsc.get().getState(), is(Bundle.ACTIVE));
        Await.until("both backends are bound", () -> status.backends().equals(List.of("pcsc", "soft")));
        Await.until("the demo token is ready", () -> !cryptoki.getSlotsWithToken().isEmpty());
        assertThat(cryptoki.getSlotsWithToken().get(0).getToken().getInfo().label(), is("p11plug demo"));
    }
}
