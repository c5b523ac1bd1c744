package org.p11plug.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.p11plug.api.CryptokiService;

/**
 * Consuming bundles made on the fly: a bundle needs no code to be a PKCS#11 application here,
 * because the service is bundle-scoped: getting it through a bundle's own context gives that
 * bundle its own instance, and stopping the bundle releases it.
 */
final class ConsumerBundles {
    private ConsumerBundles() {
    }

    static Bundle install(BundleContext context, String symbolicName) throws IOException, BundleException {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", "org.p11plug.api");
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        new JarOutputStream(jar, manifest).close();
        Bundle b = context.installBundle("consumer:" + symbolicName, new ByteArrayInputStream(jar.toByteArray()));
        b.start();
        return b;
    }

    /** The service instance that belongs to {@code consumer}. */
    static CryptokiService serviceOf(Bundle consumer) {
        BundleContext context = consumer.getBundleContext();
        ServiceReference<CryptokiService> ref = context.getServiceReference(CryptokiService.class);
        if (ref == null) {
            throw new IllegalStateException("no CryptokiService");
        }
        return context.getService(ref);
    }
}
