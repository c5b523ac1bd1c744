/**
 * The session-object store contract: the store owns the bytes, the engine owns the meaning.
 * Secrets leave a store only inside a scoped call ({@link org.p11plug.spi.store.SecretFunction}).
 */
@Export
@Version("1.2.0")
@NullMarked
package org.p11plug.spi.store;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
