package org.p11plug.card.pcsc.internal;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.p11plug.spi.token.BackendListener;
import org.p11plug.spi.token.BackendSlot;
import org.p11plug.spi.token.TokenBackend;

/** The PC/SC backend as a DS component (configuration PID {@code org.p11plug.card.pcsc}). */
@Component(name = "org.p11plug.card.pcsc", service = TokenBackend.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PcscConfig.class)
public final class PcscBackendComponent implements TokenBackend {
    private final PcscBackend backend;

    @Activate
    public PcscBackendComponent(PcscConfig config) {
        backend = new PcscBackend(config.slot_base(), config.wait_slice_millis(),
                ManagementKey.parse(config.management_key_algorithm(), config.management_key().toCharArray()));
    }

    @Deactivate
    void deactivate() {
        backend.close();
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public List<? extends BackendSlot> slots() {
        return backend.slots();
    }

    @Override
    public void addListener(BackendListener listener) {
        backend.addListener(listener);
    }

    @Override
    public void removeListener(BackendListener listener) {
        backend.removeListener(listener);
    }
}
