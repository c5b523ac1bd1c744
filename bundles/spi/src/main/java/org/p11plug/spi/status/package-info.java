/** The engine's read-only status service. */
@Export
@Version("1.0.0")
@NullMarked
package org.p11plug.spi.status;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
