package org.p11plug.engine.internal.typed;

import org.p11plug.api.Slot;
import org.p11plug.api.SlotInfo;
import org.p11plug.api.Token;
import org.p11plug.api.raw.Pkcs11;

final class TypedSlot implements Slot {
    private final Pkcs11 raw;
    private final long id;

    TypedSlot(Pkcs11 raw, long id) {
        this.raw = raw;
        this.id = id;
    }

    @Override
    public long getId() {
        return id;
    }

    @Override
    public SlotInfo getInfo() {
        return raw.getSlotInfo(id);
    }

    @Override
    public boolean isTokenPresent() {
        return getInfo().tokenPresent();
    }

    @Override
    public Token getToken() {
        raw.getTokenInfo(id);
        return new TypedToken(raw, id);
    }

    @Override
    public String toString() {
        return "Slot[" + id + "]";
    }
}
