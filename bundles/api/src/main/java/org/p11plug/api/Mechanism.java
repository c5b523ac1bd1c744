package org.p11plug.api;

import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.param.MechanismParameter;

/**
 * A {@code CK_MECHANISM}: the type and its parameter, which is null for mechanisms that take
 * none. Parameters are Java records in {@link org.p11plug.api.param}, one per C parameter
 * structure, rather than C memory images: C parameter structures hold pointers.
 */
public record Mechanism(long type, @Nullable MechanismParameter parameter) {
    public static Mechanism of(long type) {
        return new Mechanism(type, null);
    }

    public static Mechanism of(long type, MechanismParameter parameter) {
        return new Mechanism(type, parameter);
    }

    public String name() {
        String name = CKM.nameOf(type);
        return name != null ? name : "CKM_0x" + Long.toHexString(type);
    }

    @Override
    public String toString() {
        return parameter == null ? name() : name() + "(" + parameter + ")";
    }
}
