package org.p11plug.jca;

import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Asks the P11plug KeyPairGenerator or KeyGenerator for keys kept on the token (token objects with
 * a label and an id, found again by the KeyStore) instead of session keys, which live as long as
 * the program holds them. For key pairs, {@code algorithmSpec} is what the JCA would take
 * otherwise: an {@link java.security.spec.ECGenParameterSpec}, a
 * {@link java.security.spec.RSAKeyGenParameterSpec}, a {@link java.security.spec.NamedParameterSpec};
 * for secret keys ({@link #secretOnToken}) there is none, only a size.
 */
public final class P11KeyGenParameterSpec implements AlgorithmParameterSpec {
    private final @Nullable AlgorithmParameterSpec algorithmSpec;
    private final int keyBits;
    private final boolean onToken;
    private final @Nullable String label;
    private final byte @Nullable [] id;

    private P11KeyGenParameterSpec(@Nullable AlgorithmParameterSpec algorithmSpec, int keyBits, boolean onToken,
            @Nullable String label, byte @Nullable [] id) {
        this.algorithmSpec = algorithmSpec;
        this.keyBits = keyBits;
        this.onToken = onToken;
        this.label = label;
        this.id = id == null ? null : id.clone();
    }

    /** A pair stored on the token under {@code label} and {@code id} (CKA_LABEL, CKA_ID). */
    public static P11KeyGenParameterSpec onToken(AlgorithmParameterSpec algorithmSpec, String label, byte[] id) {
        return new P11KeyGenParameterSpec(algorithmSpec, 0, true, label, id);
    }

    /** A session pair: destroyed when the program drops the private key. */
    public static P11KeyGenParameterSpec session(AlgorithmParameterSpec algorithmSpec) {
        return new P11KeyGenParameterSpec(algorithmSpec, 0, false, null, null);
    }

    /** A secret key (KeyGenerator: AES, HMAC) of {@code bits} stored on the token under {@code label} and {@code id}. */
    public static P11KeyGenParameterSpec secretOnToken(int bits, String label, byte[] id) {
        if (bits <= 0 || bits % 8 != 0) {
            throw new IllegalArgumentException("key size " + bits);
        }
        return new P11KeyGenParameterSpec(null, bits, true, label, id);
    }

    /** The key pair's parameters; null for a secret key. */
    public @Nullable AlgorithmParameterSpec algorithmSpec() {
        return algorithmSpec;
    }

    /** The secret key's size in bits; 0 for a key pair. */
    public int keyBits() {
        return keyBits;
    }

    public boolean onToken() {
        return onToken;
    }

    public @Nullable String label() {
        return label;
    }

    public byte @Nullable [] id() {
        return id == null ? null : Arrays.copyOf(id, id.length);
    }
}
