package org.p11plug.api.param;

import org.jspecify.annotations.Nullable;

/**
 * {@code CK_HKDF_PARAMS}: whether to extract and/or expand, the HMAC hash
 * ({@code CKM_SHA256}, ...), the salt type ({@code CKF_HKDF_SALT_NULL}, {@code _DATA},
 * {@code _KEY}), the salt bytes or the handle of a salt key, and the info for the expansion.
 */
public record HkdfParameter(boolean extract, boolean expand, long prfHashMechanism, long saltType,
        byte @Nullable [] salt, long saltKey, byte @Nullable [] info) implements MechanismParameter {}
