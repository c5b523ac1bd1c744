package org.p11plug.engine.internal.typed;

import org.p11plug.api.Application;
import org.p11plug.engine.internal.session.ApplicationImpl;

/** An explicitly opened application: closing it is C_Finalize. */
public final class TypedApplication extends TypedCryptoki implements Application {
    private final ApplicationImpl app;

    public TypedApplication(ApplicationImpl app) {
        super(app);
        this.app = app;
    }

    @Override
    public void close() {
        app.finalizeApplication();
    }

    @Override
    public String toString() {
        return app.toString();
    }
}
