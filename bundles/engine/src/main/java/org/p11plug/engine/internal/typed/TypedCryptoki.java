package org.p11plug.engine.internal.typed;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.p11plug.api.CkException;
import org.p11plug.api.Cryptoki;
import org.p11plug.api.ModuleInfo;
import org.p11plug.api.Slot;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.Pkcs11;

/** The typed layer over one application's raw layer: every call maps to the raw function it names. */
public class TypedCryptoki implements Cryptoki {
    final Pkcs11 raw;

    public TypedCryptoki(Pkcs11 raw) {
        this.raw = raw;
    }

    @Override
    public ModuleInfo getInfo() {
        return raw.getInfo();
    }

    @Override
    public List<Slot> getSlots() {
        return slots(false);
    }

    @Override
    public List<Slot> getSlotsWithToken() {
        return slots(true);
    }

    private List<Slot> slots(boolean tokenPresent) {
        return Arrays.stream(raw.getSlotList(tokenPresent)).<Slot>mapToObj(id -> new TypedSlot(raw, id)).toList();
    }

    @Override
    public Slot getSlot(long slotId) {
        raw.getSlotInfo(slotId);
        return new TypedSlot(raw, slotId);
    }

    @Override
    public Optional<Slot> pollSlotEvent() {
        try {
            return Optional.of(new TypedSlot(raw, raw.waitForSlotEvent(CKF.DONT_BLOCK)));
        } catch (CkException e) {
            if (e.is(CKR.NO_EVENT)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Slot waitForSlotEvent() {
        return new TypedSlot(raw, raw.waitForSlotEvent(0));
    }

    @Override
    public Pkcs11 raw() {
        return raw;
    }
}
