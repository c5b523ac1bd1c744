package org.p11plug.card.soft.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.p11plug.spi.token.BackendListener;
import org.p11plug.spi.token.BackendSlot;
import org.p11plug.spi.token.TokenBackend;

/**
 * The software token as a DS component, configured through Config Admin (PID
 * {@code org.p11plug.card.soft}). A configuration change re-creates it: the engine sees the old
 * slots go (their sessions close) and the new ones come.
 */
@Component(
        name = "org.p11plug.card.soft",
        service = TokenBackend.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = "backend.name=soft")
@Designate(ocd = SoftTokenConfig.class)
public final class SoftTokenComponent implements TokenBackend {
    private final SoftTokenBackend backend;

    @Activate
    public SoftTokenComponent(SoftTokenConfig config) {
        backend = new SoftTokenBackend(new SoftTokenSettings(directory(config.directory()), config.slots(),
                config.firstSlotId(), config.minPinLength(), config.maxPinLength(), config.userPinRetries(),
                config.soPinRetries(), config.kdfMemoryKiB(), config.kdfIterations()));
        if (config.demo_enabled()) {
            byte[] so = config.demo_soPin().getBytes(StandardCharsets.UTF_8);
            byte[] user = config.demo_userPin().getBytes(StandardCharsets.UTF_8);
            try {
                backend.initializeIfNew(0, config.demo_label(), so, user);
            } finally {
                SoftTokenBackend.erase(so);
                SoftTokenBackend.erase(user);
            }
        }
    }

    static Path directory(String configured) {
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        String property = System.getProperty("p11plug.soft.directory");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return Path.of(System.getProperty("user.home"), ".p11plug", "soft-tokens");
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
