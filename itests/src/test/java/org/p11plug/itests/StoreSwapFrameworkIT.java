package org.p11plug.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.p11plug.api.Attribute;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Session;
import org.p11plug.spi.status.EngineStatus;
import org.p11plug.spi.store.SessionObjectStore;

/**
 * Swapping the session-object store while sessions live, through DS in a real framework: a
 * better ranked store is bound and the live objects move into it; when it leaves, SCR binds the
 * heap store again before unbinding it, and the objects move back. A Config Admin target filter
 * pins one kind regardless of ranking.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class StoreSwapFrameworkIT {
    @Inject
    BundleContext context;

    @Inject
    CryptokiService cryptoki;

    @Inject
    EngineStatus status;

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return options(
                ItestOptions.repositories(),
                ItestOptions.runtime(),
                ItestOptions.softToken(ItestOptions.work("swap-" + System.nanoTime())),
                ItestOptions.p11plug(),
                ItestOptions.junit());
    }

    private ServiceRegistration<SessionObjectStore> register(MapStore store, int ranking) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("store.kind", store.kind());
        props.put(Constants.SERVICE_RANKING, ranking);
        return context.registerService(SessionObjectStore.class, store, props);
    }

    private long demoSlot() throws InterruptedException {
        Await.until("the demo token is ready", () -> !cryptoki.getSlotsWithToken().isEmpty()
                && cryptoki.getSlotsWithToken().get(0).getToken().getInfo().userPinInitialized());
        return cryptoki.getSlotsWithToken().get(0).getId();
    }

    @Test
    public void liveSessionObjectsMoveWithTheStore() throws Exception {
        long slot = demoSlot();
        try (Session s = cryptoki.getSlot(slot).getToken().openReadWriteSession()) {
            ObjectHandle h = s.createObject(Templates.data("moving", false));
            assertThat(status.boundStore(), is(Optional.of("heap")));

            MapStore better = new MapStore();
            ServiceRegistration<SessionObjectStore> reg = register(better, 1000);
            Await.until("the better store is bound", () -> status.boundStore().equals(Optional.of("test")));
            assertThat(better.held.get(), is(1));
            assertThat(s.getAttribute(h, Attribute.LABEL), is("moving"));
            ObjectHandle second = s.createObject(Templates.data("born in the test store", false));
            assertThat(better.held.get(), is(2));

            reg.unregister();
            assertThat("the heap store was bound before the test store left",
                    status.boundStore(), is(Optional.of("heap")));
            assertThat(better.held.get(), is(0));
            assertThat(s.getAttribute(h, Attribute.LABEL), is("moving"));
            assertThat(s.getAttribute(second, Attribute.LABEL), is("born in the test store"));
            assertThat(s.findObjects(Templates.label("moving")).size(), is(1));
        }
    }

    @Test
    public void aTargetFilterPinsTheHeapStore() throws Exception {
        long slot = demoSlot();
        org.osgi.service.cm.Configuration engine = configurationAdmin.getConfiguration("org.p11plug.engine", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("store.target", "(store.kind=heap)");
        engine.update(props);
        Thread.sleep(500);
        MapStore better = new MapStore();
        register(better, 1000);
        try (Session s = cryptoki.getSlot(slot).getToken().openReadWriteSession()) {
            s.createObject(Templates.data("pinned", false));
            Thread.sleep(500);
            assertThat(status.boundStore(), is(Optional.of("heap")));
            assertThat(better.held.get(), is(0));
        }
    }
}
