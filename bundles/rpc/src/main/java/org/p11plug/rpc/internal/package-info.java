/** The native bridge: p11-kit's RPC protocol (version 0, with the newer clients' mechanism layouts) over a Unix domain socket; private to the bundle. */
@NullMarked
package org.p11plug.rpc.internal;

import org.jspecify.annotations.NullMarked;
