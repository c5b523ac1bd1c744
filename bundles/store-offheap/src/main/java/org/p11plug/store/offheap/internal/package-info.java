/** The off-heap session-object store; private to the bundle. */
@NullMarked
package org.p11plug.store.offheap.internal;

import org.jspecify.annotations.NullMarked;
