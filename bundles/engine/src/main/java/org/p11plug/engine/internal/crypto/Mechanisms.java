package org.p11plug.engine.internal.crypto;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Every mechanism the engine performs in software, by type. */
public final class Mechanisms {
    private final Map<Long, MechanismDef> definitions = new LinkedHashMap<>();

    private Mechanisms() {
    }

    /** The full set: RSA, EC, EdDSA and X25519/X448, AES, HMAC and CMAC, digests, HKDF. */
    public static Mechanisms standard() {
        Mechanisms m = new Mechanisms();
        RsaMechanisms.register(m);
        EcMechanisms.register(m);
        EdMechanisms.register(m);
        AesMechanisms.register(m);
        MacMechanisms.register(m);
        Digests.register(m);
        HkdfMechanisms.register(m);
        return m;
    }

    void add(MechanismDef.Builder builder) {
        MechanismDef d = builder.build();
        definitions.put(d.type(), d);
    }

    public @Nullable MechanismDef get(long type) {
        return definitions.get(type);
    }

    public long[] types() {
        return definitions.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    }
}
