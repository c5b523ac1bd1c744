/** Assembling the engine without OSGi: {@link org.p11plug.engine.StandaloneEngine}. */
@Export
@Version("1.0.0")
@NullMarked
package org.p11plug.engine;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
