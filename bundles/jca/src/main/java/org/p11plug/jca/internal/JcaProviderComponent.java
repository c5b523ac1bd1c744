package org.p11plug.jca.internal;

import java.security.Provider;
import java.security.Security;
import java.util.Hashtable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.p11plug.api.Application;
import org.p11plug.api.CkException;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.ck.CKR;
import org.p11plug.jca.P11plugProvider;

/**
 * The provider in OSGi: a {@link Provider} service (property {@code provider.name=P11plug},
 * {@code slot}) registered while the configured slot (or the first) holds a token, withdrawn when
 * the token goes; with {@code security.register=true} also added to java.security.Security at
 * {@code security.position}. A thread follows the slot events of an application of its own.
 */
@Component(name = "org.p11plug.jca", immediate = true, service = {}, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JcaConfig.class)
public final class JcaProviderComponent {
    private static final Logger LOG = Logger.getLogger(JcaProviderComponent.class.getName());

    private final CryptokiService cryptoki;
    private final BundleContext context;
    private final JcaConfig config;
    private final Application watcher;
    private final Thread thread;
    private volatile boolean stopped;
    private @Nullable P11plugProvider provider;
    private @Nullable ServiceRegistration<Provider> registration;

    @Activate
    public JcaProviderComponent(@Reference CryptokiService cryptoki, BundleContext context, JcaConfig config) {
        this.cryptoki = cryptoki;
        this.context = context;
        this.config = config;
        this.watcher = cryptoki.openApplication();
        this.thread = new Thread(this::follow, "p11plug-jca-slots");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        while (!stopped) {
            try {
                update();
                watcher.raw().waitForSlotEvent(0);
            } catch (CkException e) {
                if (e.is(CKR.CRYPTOKI_NOT_INITIALIZED)) {
                    return; // deactivated
                }
                LOG.log(Level.WARNING, "P11plug provider: following the slots failed", e);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "P11plug provider: following the slots failed", e);
            }
        }
    }

    private synchronized void update() {
        long slot = slotWithToken();
        if (slot >= 0 && provider == null && !stopped) {
            P11plugProvider p = new P11plugProvider(cryptoki, slot, config.sessions());
            provider = p;
            if (config.security_register()) {
                if (config.security_position() > 0) {
                    Security.insertProviderAt(p, config.security_position());
                } else {
                    Security.addProvider(p);
                }
            }
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("provider.name", p.getName());
            properties.put("slot", slot);
            registration = context.registerService(Provider.class, p, properties);
            LOG.info(() -> "P11plug provider registered for slot " + slot);
        } else if (slot < 0 && provider != null) {
            withdraw();
        }
    }

    private long slotWithToken() {
        long[] slots = watcher.raw().getSlotList(true);
        if (config.slot() >= 0) {
            for (long s : slots) {
                if (s == config.slot()) {
                    return s;
                }
            }
            return -1;
        }
        return slots.length > 0 ? slots[0] : -1;
    }

    private synchronized void withdraw() {
        ServiceRegistration<Provider> r = registration;
        P11plugProvider p = provider;
        registration = null;
        provider = null;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // the bundle is stopping: already gone
            }
        }
        if (p != null) {
            if (Security.getProvider(p.getName()) == p) {
                Security.removeProvider(p.getName());
            }
            try {
                p.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "closing the provider", e);
            }
        }
    }

    @Deactivate
    void deactivate() {
        stopped = true;
        watcher.close(); // ends the wait
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        withdraw();
    }
}
