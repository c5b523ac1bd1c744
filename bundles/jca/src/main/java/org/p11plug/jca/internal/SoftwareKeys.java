package org.p11plug.jca.internal;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import org.p11plug.jca.P11plugProvider;

/**
 * The JDK's own key factories, for public keys and for reading key encodings: never this
 * provider's, which may stand first in java.security.Security and would answer its own call.
 */
final class SoftwareKeys {
    private SoftwareKeys() {
    }

    static KeyFactory keyFactory(String algorithm) throws NoSuchAlgorithmException {
        Provider[] providers = Security.getProviders("KeyFactory." + algorithm);
        if (providers != null) {
            for (Provider p : providers) {
                if (!P11plugProvider.NAME.equals(p.getName())) {
                    return KeyFactory.getInstance(algorithm, p);
                }
            }
        }
        throw new NoSuchAlgorithmException("no software KeyFactory for " + algorithm);
    }
}
