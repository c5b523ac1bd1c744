package org.p11plug.spi.token;

import org.osgi.annotation.versioning.ConsumerType;
import org.p11plug.spi.store.StoredObject;

/** An object kept by a token backend; its id is unique and stable within the token. */
@ConsumerType
public interface TokenObject extends StoredObject {
    boolean isPrivate();
}
