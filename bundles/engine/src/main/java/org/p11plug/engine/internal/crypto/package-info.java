/** Mechanisms: the cryptography behind the operations; private to the bundle. */
@NullMarked
package org.p11plug.engine.internal.crypto;

import org.jspecify.annotations.NullMarked;
