/**
 * Every {@code CK*_} constant of PKCS#11 3.1 with its specification value, one class per
 * prefix ({@link org.p11plug.api.ck.CKA}, {@link org.p11plug.api.ck.CKR}, ...), generated from
 * the OASIS header {@code pkcs11t.h}. Values are Java {@code long}s holding the C
 * {@code CK_ULONG}; {@code CK_UNAVAILABLE_INFORMATION} is {@code -1L}.
 */
@Export
@Version("1.0.0")
@NullMarked
package org.p11plug.api.ck;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
