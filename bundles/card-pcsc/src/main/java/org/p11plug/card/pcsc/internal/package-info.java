/** The PC/SC backend: reader monitoring, the card-driver seam and the PIV driver; private to the bundle. */
@NullMarked
package org.p11plug.card.pcsc.internal;

import org.jspecify.annotations.NullMarked;
