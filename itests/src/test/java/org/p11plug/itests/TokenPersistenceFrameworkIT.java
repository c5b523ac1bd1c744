package org.p11plug.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Path;
import javax.inject.Inject;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;
import org.p11plug.api.Attribute;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.Session;
import org.p11plug.api.Slot;

/**
 * Token objects survive a framework restart: each test method runs in a framework of its own
 * (PerMethod), both on the same token directory; the first writes, the second reads.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class TokenPersistenceFrameworkIT {
    private static final Path TOKENS = ItestOptions.work("persistence");

    @Inject
    BundleContext context;

    @Inject
    CryptokiService cryptoki;

    @Configuration
    public Option[] config() {
        return options(
                ItestOptions.repositories(),
                ItestOptions.runtime(),
                ItestOptions.softToken(TOKENS),
                ItestOptions.p11plug(),
                ItestOptions.junit());
    }

    private Slot demo() throws InterruptedException {
        Await.until("the demo token is ready", () -> cryptoki.getSlotsWithToken().stream()
                .anyMatch(s -> s.getToken().getInfo().userPinInitialized()));
        return cryptoki.getSlotsWithToken().get(0);
    }

    @Test
    public void a_firstFrameworkWritesATokenObject() throws Exception {
        try (Session s = demo().getToken().openReadWriteSession()) {
            for (var h : s.findObjects(Templates.label("survivor"))) {
                s.destroyObject(h);
            }
            s.createObject(Templates.data("survivor", true));
            s.createObject(Templates.data("session only", false));
        }
    }

    @Test
    public void b_secondFrameworkReadsIt() throws Exception {
        try (Session s = demo().getToken().openReadOnlySession()) {
            assertThat(s.findObjects(Templates.label("survivor")), hasSize(1));
            assertThat(s.findObjects(Templates.label("session only")), hasSize(0));
            assertThat(s.getAttribute(s.findObjects(Templates.label("survivor")).get(0), Attribute.TOKEN),
                    is(true));
        }
    }
}
