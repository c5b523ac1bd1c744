package org.p11plug.engine.internal.session;

import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.p11plug.api.CkVersion;
import org.p11plug.api.ModuleInfo;
import org.p11plug.engine.internal.Handles;
import org.p11plug.engine.internal.UniqueIds;
import org.p11plug.engine.internal.crypto.Mechanisms;
import org.p11plug.spi.crypto.SoftwareCrypto;

/**
 * What every application of one engine shares: the slot table, the store binding, handle and
 * unique-id counters, the random source, and the registry of open applications.
 */
public final class EngineCore implements SlotTable.Listener {
    /** C_GetInfo's answer: PKCS#11 2.40 until the 3.0 functions exist. */
    static final ModuleInfo MODULE_INFO = new ModuleInfo(
            new CkVersion(2, 40), "p11plug", 0, "p11plug, a PKCS#11 token (JVM)", new CkVersion(0, 1));

    private final Handles handles = new Handles();
    private final UniqueIds uniqueIds = new UniqueIds();
    private final SecureRandom random = SoftwareCrypto.random();
    private final Mechanisms mechanisms = Mechanisms.standard();
    private final StoreBinding stores = new StoreBinding();
    private final SlotTable slots = new SlotTable(handles, this);
    private final Set<ApplicationImpl> applications = ConcurrentHashMap.newKeySet();
    private final AtomicLong applicationCounter = new AtomicLong();

    public ApplicationImpl openApplication(String name) {
        ApplicationImpl app = new ApplicationImpl(name + "#" + applicationCounter.incrementAndGet(), this);
        applications.add(app);
        return app;
    }

    void applicationClosed(ApplicationImpl app) {
        applications.remove(app);
    }

    public Set<ApplicationImpl> applications() {
        return applications;
    }

    public SlotTable slots() {
        return slots;
    }

    public StoreBinding stores() {
        return stores;
    }

    Handles handles() {
        return handles;
    }

    UniqueIds uniqueIds() {
        return uniqueIds;
    }

    Mechanisms mechanisms() {
        return mechanisms;
    }

    SecureRandom random() {
        return random;
    }

    ModuleInfo moduleInfo() {
        return MODULE_INFO;
    }

    /** Finalizes every application, for engine shutdown. */
    public void closeAll() {
        for (ApplicationImpl app : applications) {
            app.finalizeApplication();
        }
    }

    @Override
    public void slotEvent(long slotId) {
        for (ApplicationImpl app : applications) {
            app.slotEvent(slotId);
        }
    }

    @Override
    public void tokenGone(TokenRuntime token) {
        for (ApplicationImpl app : applications) {
            app.tokenGone(token);
        }
    }

    @Override
    public void loginLost(TokenRuntime token) {
        for (ApplicationImpl app : applications) {
            app.loginLost(token);
        }
    }
}
