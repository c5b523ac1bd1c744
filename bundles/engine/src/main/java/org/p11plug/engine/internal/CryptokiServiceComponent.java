package org.p11plug.engine.internal;

import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.p11plug.api.Application;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.ModuleInfo;
import org.p11plug.api.Slot;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.engine.internal.session.ApplicationImpl;

/**
 * The service consumers get: bundle-scoped, so each consuming bundle is one PKCS#11
 * application, finalized (its sessions closed, its session objects erased) when the bundle
 * releases the service. A thin facade over the always-active {@link EngineComponent}.
 */
@Component(service = CryptokiService.class, scope = ServiceScope.BUNDLE)
public final class CryptokiServiceComponent implements CryptokiService {
    private final ApplicationImpl application;
    private final CryptokiService delegate;

    @Activate
    public CryptokiServiceComponent(@Reference EngineComponent engine, ComponentContext context) {
        Bundle consumer = context.getUsingBundle();
        String name = consumer != null ? consumer.getSymbolicName() : "unknown";
        this.application = engine.engine().openApplication(name);
        this.delegate = new CryptokiServiceImpl(engine.engine(), application, name);
    }

    @Deactivate
    void deactivate() {
        application.finalizeApplication();
    }

    @Override
    public Application openApplication() {
        return delegate.openApplication();
    }

    @Override
    public ModuleInfo getInfo() {
        return delegate.getInfo();
    }

    @Override
    public List<Slot> getSlots() {
        return delegate.getSlots();
    }

    @Override
    public List<Slot> getSlotsWithToken() {
        return delegate.getSlotsWithToken();
    }

    @Override
    public Slot getSlot(long slotId) {
        return delegate.getSlot(slotId);
    }

    @Override
    public Optional<Slot> pollSlotEvent() {
        return delegate.pollSlotEvent();
    }

    @Override
    public Slot waitForSlotEvent() {
        return delegate.waitForSlotEvent();
    }

    @Override
    public Pkcs11 raw() {
        return delegate.raw();
    }
}
