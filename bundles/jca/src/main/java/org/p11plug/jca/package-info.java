/** p11plug as a JCA provider: {@link org.p11plug.jca.P11plugProvider}. */
@Export
@Version("1.0.0")
@NullMarked
package org.p11plug.jca;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
