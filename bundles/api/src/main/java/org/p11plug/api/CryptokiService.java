package org.p11plug.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The service applications get. In OSGi it is bundle-scoped: each consuming bundle is one
 * application, finalized when the bundle releases the service. A consumer that serves several
 * independent clients (one per connection, a provider shared by a JVM) opens further
 * applications with {@link #openApplication()}.
 */
@ProviderType
public interface CryptokiService extends Cryptoki {
    /** A new, independent application ({@code C_Initialize}); close it to finalize. */
    Application openApplication();
}
