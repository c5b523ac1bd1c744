package org.p11plug.card.soft.internal;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkVersion;
import org.p11plug.api.SlotInfo;
import org.p11plug.spi.token.BackendSlot;
import org.p11plug.spi.token.BackendToken;

/** A slot of the software token backend; its token is absent only when its directory could not be opened. */
final class SoftSlot implements BackendSlot {
    private static final CkVersion VERSION = new CkVersion(0, 1);

    private final long id;
    private final SlotInfo info;
    private final @Nullable SoftToken token;

    SoftSlot(long id, int index, @Nullable SoftToken token) {
        this.id = id;
        this.info = new SlotInfo("p11plug soft token slot " + index, "p11plug", 0, VERSION, VERSION);
        this.token = token;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public SlotInfo info() {
        return info.withTokenPresent(token != null);
    }

    @Override
    public Optional<BackendToken> token() {
        return Optional.ofNullable(token);
    }

    @Nullable SoftToken softToken() {
        return token;
    }
}
