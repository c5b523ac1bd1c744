package org.p11plug.card.soft.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.raw.Ulong;
import org.p11plug.spi.store.StoredValue;

/** Helpers for the backend's own tests: cheap settings, known PINs, object values. */
final class SoftTokens {
    static final byte[] SO_PIN = "so-pin-1234".getBytes(StandardCharsets.UTF_8);
    static final byte[] USER_PIN = "user-1234".getBytes(StandardCharsets.UTF_8);

    private SoftTokens() {
    }

    static SoftTokenSettings cheap(Path dir) {
        return SoftTokenSettings.defaults(dir).withCheapKdf();
    }

    /** A backend whose first slot holds an initialized token with the known PINs. */
    static SoftTokenBackend initialized(Path dir) {
        SoftTokenBackend backend = new SoftTokenBackend(cheap(dir));
        backend.initializeIfNew(0, "test", SO_PIN.clone(), USER_PIN.clone());
        return backend;
    }

    static SoftToken token(SoftTokenBackend backend) {
        return (SoftToken) backend.slots().get(0).token().orElseThrow();
    }

    /** A data object's values, as the engine would hand them over. */
    static List<StoredValue> dataObject(String label, byte[] value, boolean isPrivate) {
        List<StoredValue> values = new ArrayList<>();
        values.add(StoredValue.plain(CKA.CLASS, Ulong.encode(CKO.DATA)));
        values.add(StoredValue.plain(CKA.TOKEN, new byte[] {1}));
        values.add(StoredValue.plain(CKA.PRIVATE, new byte[] {(byte) (isPrivate ? 1 : 0)}));
        values.add(StoredValue.plain(CKA.LABEL, label.getBytes(StandardCharsets.UTF_8)));
        values.add(StoredValue.secret(CKA.VALUE, value.clone()));
        return values;
    }
}
