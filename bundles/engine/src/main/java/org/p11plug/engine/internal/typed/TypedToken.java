package org.p11plug.engine.internal.typed;

import java.util.Arrays;
import java.util.List;
import org.p11plug.api.MechanismInfo;
import org.p11plug.api.Pin;
import org.p11plug.api.Session;
import org.p11plug.api.Token;
import org.p11plug.api.TokenInfo;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.raw.FixedText;
import org.p11plug.api.raw.Pkcs11;

final class TypedToken implements Token {
    private final Pkcs11 raw;
    private final long slotId;

    TypedToken(Pkcs11 raw, long slotId) {
        this.raw = raw;
        this.slotId = slotId;
    }

    @Override
    public long getSlotId() {
        return slotId;
    }

    @Override
    public TokenInfo getInfo() {
        return raw.getTokenInfo(slotId);
    }

    @Override
    public List<Long> getMechanisms() {
        return Arrays.stream(raw.getMechanismList(slotId)).boxed().toList();
    }

    @Override
    public MechanismInfo getMechanismInfo(long mechanismType) {
        return raw.getMechanismInfo(slotId, mechanismType);
    }

    @Override
    public void initialize(Pin soPin, String label) {
        byte[] pin = soPin.copyUtf8();
        try {
            raw.initToken(slotId, pin, FixedText.pad(label, 32));
        } finally {
            Arrays.fill(pin, (byte) 0);
        }
    }

    @Override
    public Session openReadOnlySession() {
        return new TypedSession(raw, raw.openSession(slotId, CKF.SERIAL_SESSION), slotId);
    }

    @Override
    public Session openReadWriteSession() {
        return new TypedSession(raw, raw.openSession(slotId, CKF.SERIAL_SESSION | CKF.RW_SESSION), slotId);
    }

    @Override
    public void closeAllSessions() {
        raw.closeAllSessions(slotId);
    }

    @Override
    public String toString() {
        return "Token[slot " + slotId + "]";
    }
}
