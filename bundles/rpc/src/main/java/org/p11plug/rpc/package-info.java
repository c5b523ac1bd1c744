/** Running the native bridge without OSGi: {@link org.p11plug.rpc.StandaloneBridge}. */
@Export
@Version("1.0.0")
@NullMarked
package org.p11plug.rpc;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
