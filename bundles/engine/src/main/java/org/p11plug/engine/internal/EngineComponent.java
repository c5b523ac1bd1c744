package org.p11plug.engine.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.p11plug.spi.status.EngineStatus;
import org.p11plug.spi.store.SessionObjectStore;
import org.p11plug.spi.token.TokenBackend;

/**
 * The engine as one always-active component: immediate, every reference dynamic, configuration
 * changes taken in {@code @Modified}, because deactivating it would finalize every application.
 * The store reference is unary, optional and greedy: DS binds the best ranked store and, when a
 * better one arrives (or the bound one leaves while another exists), binds the replacement
 * before unbinding the old one, which is when the engine migrates the live session objects.
 */
@Component(
        name = "org.p11plug.engine",
        immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {EngineStatus.class, EngineComponent.class})
@Designate(ocd = EngineConfig.class)
public final class EngineComponent implements EngineStatus {
    private final Engine engine = new Engine();

    @Activate
    public EngineComponent() {
    }

    /** The engine behind this component, for the service facade. */
    Engine engine() {
        return engine;
    }

    @Modified
    void modified(EngineConfig config) {
        // The store target is applied by SCR itself; nothing here needs the engine to restart.
    }

    @Deactivate
    void deactivate() {
        engine.shutdown();
    }

    @Reference(
            name = "store",
            service = SessionObjectStore.class,
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindStore")
    void bindStore(SessionObjectStore store) {
        engine.bindStore(store);
    }

    void unbindStore(SessionObjectStore store) {
        engine.unbindStore(store);
    }

    @Reference(
            name = "stores",
            service = SessionObjectStore.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "storeGone")
    void storeAvailable(SessionObjectStore store, Map<String, Object> properties) {
        engine.storeAvailable(store, ranking(properties));
    }

    void storeGone(SessionObjectStore store) {
        engine.storeGone(store);
    }

    @Reference(
            name = "backends",
            service = TokenBackend.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeBackend")
    void addBackend(TokenBackend backend) {
        engine.addBackend(backend);
    }

    void removeBackend(TokenBackend backend) {
        engine.removeBackend(backend);
    }

    @Override
    public Optional<String> boundStore() {
        return engine.boundStore();
    }

    @Override
    public List<String> availableStores() {
        return engine.availableStores();
    }

    @Override
    public List<String> backends() {
        return engine.backends();
    }

    @Override
    public int applicationCount() {
        return engine.applicationCount();
    }

    @Override
    public int sessionCount() {
        return engine.sessionCount();
    }

    @Override
    public long sessionObjectCount() {
        return engine.sessionObjectCount();
    }

    private static int ranking(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }
}
