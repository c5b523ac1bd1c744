/** The Gogo commands; private to the bundle. */
package org.p11plug.shell.internal;
