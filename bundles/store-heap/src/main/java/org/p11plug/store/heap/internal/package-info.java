/** The heap session-object store; private to the bundle. */
@NullMarked
package org.p11plug.store.heap.internal;

import org.jspecify.annotations.NullMarked;
