package org.p11plug.spi.token;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;
import org.p11plug.api.SlotInfo;

/** One slot of a backend. */
@ConsumerType
public interface BackendSlot {
    long id();

    /** {@code CK_SLOT_INFO}; the token-present flag follows {@link #token()}. */
    SlotInfo info();

    /** The token now in the slot. */
    Optional<BackendToken> token();
}
