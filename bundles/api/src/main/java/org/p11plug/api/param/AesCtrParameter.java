package org.p11plug.api.param;

/** {@code CK_AES_CTR_PARAMS}: how many low bits of the 16-byte counter block count, and the block. */
public record AesCtrParameter(long counterBits, byte[] counterBlock) implements MechanismParameter {}
