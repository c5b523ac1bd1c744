package org.p11plug.engine.internal.crypto;

import java.util.List;
import org.p11plug.spi.store.StoredValue;

/**
 * The attribute values a key pair generator contributes: to the public key (modulus, point,
 * ...) and to the private key (the secret components, marked secret). Ownership of the arrays
 * passes to the caller.
 */
public record KeyPairValues(List<StoredValue> publicKey, List<StoredValue> privateKey) {}
