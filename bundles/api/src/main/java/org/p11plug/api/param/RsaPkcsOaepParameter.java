package org.p11plug.api.param;

import org.jspecify.annotations.Nullable;

/**
 * {@code CK_RSA_PKCS_OAEP_PARAMS}: the hash, the mask generation function, the source of the
 * encoding parameter ({@code CKZ_DATA_SPECIFIED} or 0) and the label (null or empty for none).
 */
public record RsaPkcsOaepParameter(long hashAlgorithm, long mgf, long source, byte @Nullable [] sourceData)
        implements MechanismParameter {}
