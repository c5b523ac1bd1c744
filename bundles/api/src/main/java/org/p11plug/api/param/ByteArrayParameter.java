package org.p11plug.api.param;

import java.util.HexFormat;

/** A parameter that is a byte string in C, such as the IV of {@code CKM_AES_CBC}. */
public record ByteArrayParameter(byte[] bytes) implements MechanismParameter {
    @Override
    public String toString() {
        return "bytes[" + HexFormat.of().formatHex(bytes) + "]";
    }
}
