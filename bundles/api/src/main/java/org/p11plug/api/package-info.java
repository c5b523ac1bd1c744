/**
 * The typed layer of the p11plug api: {@link org.p11plug.api.CryptokiService}, slots, tokens,
 * sessions, typed attributes and templates, mechanisms, and {@link org.p11plug.api.CkException}
 * carrying the {@code CK_RV}. The same applications are reachable byte-exact through
 * {@link org.p11plug.api.raw}.
 */
@Export
@Version("1.0.0")
@NullMarked
package org.p11plug.api;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
