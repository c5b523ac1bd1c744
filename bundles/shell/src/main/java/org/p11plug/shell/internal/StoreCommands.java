package org.p11plug.shell.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.jspecify.annotations.Nullable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.p11plug.spi.status.EngineStatus;

/**
 * {@code p11:store}: the bound session-object store and what it holds, and switching the store
 * at run time by pinning a kind in the engine's configuration (the engine migrates every live
 * session object; nothing is closed). Switching needs Config Admin; showing does not.
 */
@Component(
        service = StoreCommands.class,
        property = {"osgi.command.scope=p11", "osgi.command.function=store"})
public final class StoreCommands {
    static final String ENGINE_PID = "org.p11plug.engine";
    static final String TARGET = "store.target";

    private final EngineStatus status;
    private final @Nullable ConfigurationAdmin configurationAdmin;

    @Activate
    public StoreCommands(@Reference EngineStatus status,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL) @Nullable ConfigurationAdmin configurationAdmin) {
        this.status = status;
        this.configurationAdmin = configurationAdmin;
    }

    @Descriptor("show the bound session-object store, the stores available with their object counts, and what the engine holds")
    public String store() {
        String nl = System.lineSeparator();
        return "bound store:      " + status.boundStore().orElse("(none: session objects cannot be created)") + nl
                + "available stores: " + String.join(", ", status.availableStores()) + nl
                + "pinned:           " + pinned().orElse("no (the best ranked store is bound)") + nl
                + "backends:         " + String.join(", ", status.backends()) + nl
                + "applications:     " + status.applicationCount() + nl
                + "sessions:         " + status.sessionCount() + nl
                + "session objects:  " + status.sessionObjectCount() + nl;
    }

    @Descriptor("switch the session-object store at run time: pin a kind (heap, off-heap, wrapped), or 'any' for the best ranked; live objects migrate")
    public String store(@Descriptor("store kind, or any") String kind) throws IOException {
        ConfigurationAdmin cm = configurationAdmin;
        if (cm == null) {
            return "Config Admin is not running: the store cannot be switched" + System.lineSeparator();
        }
        boolean any = kind.equals("any");
        if (!any && status.availableStores().stream().noneMatch(s -> s.startsWith(kind + " ("))) {
            // pinning a kind that is absent would unbind the store and erase every session object
            return "no " + kind + " store is available; available: " + String.join(", ", status.availableStores())
                    + System.lineSeparator();
        }
        Configuration engine = cm.getConfiguration(ENGINE_PID, "?");
        Dictionary<String, Object> props = engine.getProperties() == null ? new Hashtable<>() : engine.getProperties();
        if (any) {
            props.remove(TARGET);
        } else {
            props.put(TARGET, "(store.kind=" + kind + ")");
        }
        engine.update(props);
        return (any ? "store unpinned: the best ranked store will be bound" : "store pinned to " + kind)
                + "; live session objects migrate" + System.lineSeparator();
    }

    private Optional<String> pinned() {
        ConfigurationAdmin cm = configurationAdmin;
        if (cm == null) {
            return Optional.empty();
        }
        try {
            Configuration[] found = cm.listConfigurations("(service.pid=" + ENGINE_PID + ")");
            Dictionary<String, Object> props = found == null ? null : found[0].getProperties();
            return props == null || props.get(TARGET) == null ? Optional.empty() : Optional.of(String.valueOf(props.get(TARGET)));
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            return Optional.empty();
        }
    }
}
