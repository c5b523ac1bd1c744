package org.p11plug.shell.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.p11plug.api.Attribute;
import org.p11plug.api.Session;
import org.p11plug.api.Template;
import org.p11plug.api.ck.CKO;
import org.p11plug.card.soft.internal.SoftTokenBackend;
import org.p11plug.card.soft.internal.SoftTokenSettings;
import org.p11plug.engine.StandaloneEngine;
import org.p11plug.store.heap.internal.HeapSessionObjectStore;

/** {@code p11:store}: what it shows, and the configuration it writes to switch stores. */
class StoreCommandsTest {
    @TempDir
    Path dir;

    private SoftTokenBackend backend;
    private StandaloneEngine engine;
    private final Hashtable<String, Object> engineConfig = new Hashtable<>();
    private StoreCommands commands;

    @BeforeEach
    void setUp() {
        backend = new SoftTokenBackend(SoftTokenSettings.defaults(dir).withCheapKdf());
        backend.initializeIfNew(0, "shell token", "so-pin-1".getBytes(StandardCharsets.UTF_8),
                "1234".getBytes(StandardCharsets.UTF_8));
        engine = new StandaloneEngine().bindStore(new HeapSessionObjectStore()).addBackend(backend);
        commands = new StoreCommands(engine.status(), fakeConfigurationAdmin());
    }

    @AfterEach
    void tearDown() {
        engine.close();
        backend.close();
    }

    @Test
    void showsTheBoundStoreAndWhatItHolds() {
        try (Session s = engine.service("app").getSlot(0).getToken().openReadWriteSession()) {
            s.createObject(Template.of(Attribute.CLASS.of(CKO.DATA), Attribute.PRIVATE.of(false)));
            String out = commands.store();
            assertThat(out, containsString("bound store:      heap"));
            assertThat(out, containsString("heap (ranking 0, 1 objects)"));
            assertThat(out, containsString("session objects:  1"));
            assertThat(out, containsString("pinned:           no"));
        }
    }

    @Test
    void switchingPinsTheKindInTheEngineConfiguration() throws Exception {
        assertThat(commands.store("heap"), containsString("pinned to heap"));
        assertThat(engineConfig.get("store.target"), is("(store.kind=heap)"));
        assertThat(commands.store(), containsString("pinned:           (store.kind=heap)"));
        assertThat(commands.store("any"), containsString("unpinned"));
        assertThat(engineConfig.get("store.target"), is(nullValue()));
    }

    @Test
    void anAbsentKindIsRefusedRatherThanLeavingNoStore() throws Exception {
        assertThat(commands.store("wrapped"), containsString("no wrapped store is available"));
        assertThat(engineConfig.get("store.target"), is(nullValue()));
    }

    /** Config Admin reduced to the engine's one configuration, over {@link #engineConfig}. */
    private ConfigurationAdmin fakeConfigurationAdmin() {
        Configuration configuration = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperties" -> engineConfig.isEmpty() ? null : new Hashtable<>(engineConfig);
                    case "update" -> {
                        engineConfig.clear();
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> d = (Dictionary<String, Object>) args[0];
                        for (var keys = d.keys(); keys.hasMoreElements(); ) {
                            String k = keys.nextElement();
                            engineConfig.put(k, d.get(k));
                        }
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getConfiguration" -> configuration;
                    case "listConfigurations" -> new Configuration[] {configuration};
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
