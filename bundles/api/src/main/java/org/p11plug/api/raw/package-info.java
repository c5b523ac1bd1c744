/**
 * The raw layer: PKCS#11 function by function, byte-exact. Numeric attribute types with their
 * C value images, a status per attribute in {@code C_GetAttributeValue}, length queries and
 * operations that survive a too-small buffer ({@link org.p11plug.api.raw.Output}), nested
 * templates. The native bridge, the JCA provider and the bad-input tests stand on it.
 */
@Export
@Version("1.0.0")
@NullMarked
package org.p11plug.api.raw;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
