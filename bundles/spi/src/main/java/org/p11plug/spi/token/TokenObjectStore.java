package org.p11plug.spi.token;

import java.util.Collection;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.p11plug.spi.store.StoredValue;

/**
 * The token objects of one token. The engine has validated every template; the backend stores,
 * persists (atomically, for the software token) and may refuse what it cannot hold with the
 * proper {@code CKR_} code.
 */
@ConsumerType
public interface TokenObjectStore {
    /** The objects readable now: public ones always, private ones while a user is logged in. */
    Collection<? extends TokenObject> list();

    /** Creates and persists an object; ownership of the value arrays passes to the store. */
    TokenObject create(List<StoredValue> values, boolean isPrivate);

    /** Destroys an object and erases its values. */
    void destroy(TokenObject object);

    void addListener(TokenObjectListener listener);

    void removeListener(TokenObjectListener listener);
}
