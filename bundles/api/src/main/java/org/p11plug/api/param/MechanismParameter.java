package org.p11plug.api.param;

/**
 * The parameter of a mechanism. Each implementation mirrors one C parameter structure of the
 * PKCS#11 mechanisms specification ({@code CK_GCM_PARAMS}, {@code CK_RSA_PKCS_PSS_PARAMS}, ...);
 * mechanisms whose parameter is a plain byte string (an IV) or a {@code CK_ULONG} use
 * {@link ByteArrayParameter} and {@link LongParameter}.
 */
public interface MechanismParameter {}
