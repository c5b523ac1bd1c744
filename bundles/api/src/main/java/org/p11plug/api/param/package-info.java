/** Mechanism parameters, one record per C parameter structure of the PKCS#11 mechanisms specification. */
@Export
@Version("1.0.0")
@NullMarked
package org.p11plug.api.param;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
