/** Engine implementation; private to the bundle. */
@NullMarked
package org.p11plug.engine.internal.typed;

import org.jspecify.annotations.NullMarked;
