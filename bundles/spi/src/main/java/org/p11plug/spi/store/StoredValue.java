package org.p11plug.spi.store;

/**
 * One attribute value handed to a store: the raw layer's bytes, and whether the value is
 * secret (key material: {@code CKA_VALUE} of secret and EC private keys, the private components
 * of RSA keys, and anything else the engine marks). The store takes ownership of the array: the
 * engine made it for the store and never touches it again, so the store may keep it or copy and
 * erase it.
 */
public record StoredValue(long type, byte[] value, boolean secret) {
    public static StoredValue plain(long type, byte[] value) {
        return new StoredValue(type, value, false);
    }

    public static StoredValue secret(long type, byte[] value) {
        return new StoredValue(type, value, true);
    }

    @Override
    public String toString() {
        return "StoredValue[0x" + Long.toHexString(type) + (secret ? ", secret" : ", " + value.length + " bytes") + "]";
    }
}
