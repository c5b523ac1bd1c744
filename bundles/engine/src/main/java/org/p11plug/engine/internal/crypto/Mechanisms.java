package org.p11plug.engine.internal.crypto;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Every mechanism the engine performs in software, by type. */
public final class Mechanisms {
    private final Map<Long, MechanismDef> definitions = new LinkedHashMap<>();
    private volatile long @Nullable [] sortedTypes;
    private MechanismDef[] sortedDefs = {};

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
        sortedTypes = null;
    }

    public @Nullable MechanismDef get(long type) {
        long[] types = sortedTypes;
        if (types == null) {
            index();
            types = sortedTypes;
        }
        int i = java.util.Arrays.binarySearch(types, type);
        return i >= 0 ? sortedDefs[i] : null;
    }

    /** The lookup every *Init makes, as sorted arrays: no boxing of the mechanism type. */
    private synchronized void index() {
        if (sortedTypes == null) {
            long[] types = types();
            MechanismDef[] defs = new MechanismDef[types.length];
            for (int i = 0; i < types.length; i++) {
                defs[i] = definitions.get(types[i]);
            }
            sortedDefs = defs;
            sortedTypes = types;
        }
    }

    public long[] types() {
        return definitions.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    }
}
