package org.p11plug.api;

import org.p11plug.api.ck.CKF;

/** {@code CK_SLOT_INFO}: description (64 bytes in C), manufacturer (32), flags, versions. */
public record SlotInfo(
        String slotDescription,
        String manufacturerId,
        long flags,
        CkVersion hardwareVersion,
        CkVersion firmwareVersion) {

    public boolean tokenPresent() {
        return (flags & CKF.TOKEN_PRESENT) != 0;
    }

    public boolean removableDevice() {
        return (flags & CKF.REMOVABLE_DEVICE) != 0;
    }

    public boolean hardwareSlot() {
        return (flags & CKF.HW_SLOT) != 0;
    }

    /** @return a copy with the token-present flag set as given */
    public SlotInfo withTokenPresent(boolean present) {
        long f = present ? flags | CKF.TOKEN_PRESENT : flags & ~CKF.TOKEN_PRESENT;
        return new SlotInfo(slotDescription, manufacturerId, f, hardwareVersion, firmwareVersion);
    }
}
