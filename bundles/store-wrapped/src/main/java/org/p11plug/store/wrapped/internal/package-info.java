/** The wrapped session-object store; private to the bundle. */
@NullMarked
package org.p11plug.store.wrapped.internal;

import org.jspecify.annotations.NullMarked;
