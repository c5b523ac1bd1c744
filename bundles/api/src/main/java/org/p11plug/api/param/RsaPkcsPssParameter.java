package org.p11plug.api.param;

/**
 * {@code CK_RSA_PKCS_PSS_PARAMS}: the hash ({@code CKM_SHA256}, ...), the mask generation
 * function ({@code CKG_MGF1_SHA256}, ...) and the salt length in bytes.
 */
public record RsaPkcsPssParameter(long hashAlgorithm, long mgf, long saltLength) implements MechanismParameter {}
