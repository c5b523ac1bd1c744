package org.p11plug.benchmarks;

import java.security.GeneralSecurityException;

/**
 * The operations of the crypto benchmarks done by one library directly, without PKCS#11: the floor
 * that a token's overhead is measured against. Keys are made when the implementation is built.
 */
interface Primitives {
    /** RSASSA-PKCS1-v1_5 with SHA-256 (CKM_SHA256_RSA_PKCS) under a 2048-bit key. */
    byte[] signRsa2048(byte[] message) throws GeneralSecurityException;

    boolean verifyRsa2048(byte[] message, byte[] signature) throws GeneralSecurityException;

    /** ECDSA with SHA-256 on P-256, signature as r || s (the PKCS#11 form). */
    byte[] signEcdsaP256(byte[] message) throws GeneralSecurityException;

    boolean verifyEcdsaP256(byte[] message, byte[] signature) throws GeneralSecurityException;

    /** Pure Ed25519 (CKM_EDDSA without parameters). */
    byte[] signEd25519(byte[] message) throws GeneralSecurityException;

    /** HMAC-SHA256 under a 256-bit key. */
    byte[] hmacSha256(byte[] message) throws GeneralSecurityException;

    /** AES-128-GCM with a 96-bit IV, no additional data, the 128-bit tag appended. */
    byte[] encryptAesGcm(byte[] iv, byte[] message) throws GeneralSecurityException;
}
