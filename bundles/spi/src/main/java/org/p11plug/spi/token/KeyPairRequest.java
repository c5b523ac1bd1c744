package org.p11plug.spi.token;

import org.jspecify.annotations.Nullable;

/**
 * A key pair to generate on the token itself ({@link BackendToken#generateKeyPair}), as the
 * engine read it from the validated templates: the mechanism, the key type, the RSA modulus
 * length or the EC parameters, and the CKA_ID and CKA_LABEL the application asked for (a card
 * may use the id to choose where the key goes).
 */
public record KeyPairRequest(long mechanism, long keyType, long modulusBits, byte @Nullable [] ecParams,
        byte @Nullable [] id, byte @Nullable [] label) {}
