/** The provider's services over the api's raw layer; private to the bundle. */
@NullMarked
package org.p11plug.jca.internal;

import org.jspecify.annotations.NullMarked;
