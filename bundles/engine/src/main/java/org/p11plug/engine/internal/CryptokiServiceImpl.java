package org.p11plug.engine.internal;

import org.p11plug.api.Application;
import org.p11plug.api.CryptokiService;
import org.p11plug.engine.internal.session.ApplicationImpl;
import org.p11plug.engine.internal.typed.TypedCryptoki;

/** The service one consumer sees: its own application, and further applications on request. */
public final class CryptokiServiceImpl extends TypedCryptoki implements CryptokiService {
    private final Engine engine;
    private final String consumer;

    public CryptokiServiceImpl(Engine engine, ApplicationImpl own, String consumer) {
        super(own);
        this.engine = engine;
        this.consumer = consumer;
    }

    @Override
    public Application openApplication() {
        return engine.openTypedApplication(consumer);
    }

    @Override
    public String toString() {
        return "CryptokiService[" + raw() + "]";
    }
}
