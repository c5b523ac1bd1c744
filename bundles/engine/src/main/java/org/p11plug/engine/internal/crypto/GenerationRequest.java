package org.p11plug.engine.internal.crypto;

import org.jspecify.annotations.Nullable;

/**
 * What a key pair generator needs from the public-key template: the modulus size and public
 * exponent of an RSA key, or the CKA_EC_PARAMS of a curve.
 */
public record GenerationRequest(long modulusBits, byte @Nullable [] publicExponent, byte @Nullable [] ecParams) {}
