/** The software token; private to the bundle. */
@NullMarked
package org.p11plug.card.soft.internal;

import org.jspecify.annotations.NullMarked;
