package org.p11plug.api;

/** The two handles {@code C_GenerateKeyPair} answers. */
public record KeyPair(ObjectHandle publicKey, ObjectHandle privateKey) {}
