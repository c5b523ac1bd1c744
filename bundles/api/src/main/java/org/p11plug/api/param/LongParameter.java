package org.p11plug.api.param;

/** A parameter that is one {@code CK_ULONG} in C, such as {@code CK_MAC_GENERAL_PARAMS}. */
public record LongParameter(long value) implements MechanismParameter {}
