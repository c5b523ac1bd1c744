package org.p11plug.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.p11plug.api.raw.Pkcs11;

/**
 * One PKCS#11 application, typed: what a Java or Kotlin program sees between
 * {@code C_Initialize} and {@code C_Finalize}. Its sessions, login state and session objects
 * are its own; token objects are shared with every application.
 *
 * <p>Thread safe. The same application is reachable byte-exact through {@link #raw()}; handles
 * from one layer are valid in the other.
 */
@ProviderType
public interface Cryptoki {
    /** {@code C_GetInfo}. */
    ModuleInfo getInfo();

    /** Every slot now known ({@code C_GetSlotList(CK_FALSE)}). */
    List<Slot> getSlots();

    /** The slots holding a token ({@code C_GetSlotList(CK_TRUE)}). */
    List<Slot> getSlotsWithToken();

    /** @throws CkException {@code CKR_SLOT_ID_INVALID} for an unknown slot */
    Slot getSlot(long slotId);

    /** {@code C_WaitForSlotEvent(CKF_DONT_BLOCK)}: the slot of a pending event, if any. */
    Optional<Slot> pollSlotEvent();

    /**
     * {@code C_WaitForSlotEvent(0)}: blocks until a slot event.
     *
     * @throws CkException {@code CKR_CRYPTOKI_NOT_INITIALIZED} when the application finalizes meanwhile
     */
    Slot waitForSlotEvent();

    /** This same application, function by function. */
    Pkcs11 raw();
}
