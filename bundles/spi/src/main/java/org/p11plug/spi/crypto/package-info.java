/**
 * The JDK's software primitives for the engine and the backends, taken from providers that do not
 * front a PKCS#11 token (see {@link org.p11plug.spi.crypto.SoftwareCrypto}).
 */
@Export
@Version("1.0.0")
@NullMarked
package org.p11plug.spi.crypto;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
