package org.p11plug.api.param;

import org.jspecify.annotations.Nullable;

/**
 * {@code CK_EDDSA_PARAMS}: pre-hashed or not, and the context (null or empty for none). Without
 * this parameter {@code CKM_EDDSA} means plain Ed25519 (or Ed448 with an empty context).
 */
public record EddsaParameter(boolean prehash, byte @Nullable [] context) implements MechanismParameter {}
