/**
 * The card/token backend contract: slots that come and go, token info and PINs, token objects,
 * and the key-encryption key of the wrapped store.
 */
@Export
@Version("1.1.0")
@NullMarked
package org.p11plug.spi.token;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
