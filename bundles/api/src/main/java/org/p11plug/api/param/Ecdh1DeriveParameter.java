package org.p11plug.api.param;

import org.jspecify.annotations.Nullable;

/**
 * {@code CK_ECDH1_DERIVE_PARAMS}: the key derivation function ({@code CKD_NULL},
 * {@code CKD_SHA256_KDF}, ...), the shared info (null for none) and the other party's public
 * value (a raw or DER-wrapped EC point; little-endian bytes for Montgomery curves).
 */
public record Ecdh1DeriveParameter(long kdf, byte @Nullable [] sharedData, byte[] publicData)
        implements MechanismParameter {}
