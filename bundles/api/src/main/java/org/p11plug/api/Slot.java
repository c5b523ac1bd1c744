package org.p11plug.api;

import org.osgi.annotation.versioning.ProviderType;

/** A slot as one application sees it. */
@ProviderType
public interface Slot {
    long getId();

    /** {@code C_GetSlotInfo}. */
    SlotInfo getInfo();

    boolean isTokenPresent();

    /** @throws CkException {@code CKR_TOKEN_NOT_PRESENT} when the slot is empty */
    Token getToken();
}
