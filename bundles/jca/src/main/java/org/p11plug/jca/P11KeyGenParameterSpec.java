package org.p11plug.jca;

import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Asks the P11plug KeyPairGenerator for a key pair kept on the token (token objects with a label
 * and an id, found again by the KeyStore) instead of session keys, which live as long as the
 * program holds them. {@code algorithmSpec} is what the JCA would take otherwise: an
 * {@link java.security.spec.ECGenParameterSpec}, a {@link java.security.spec.RSAKeyGenParameterSpec},
 * a {@link java.security.spec.NamedParameterSpec}.
 */
public final class P11KeyGenParameterSpec implements AlgorithmParameterSpec {
    private final AlgorithmParameterSpec algorithmSpec;
    private final boolean onToken;
    private final @Nullable String label;
    private final byte @Nullable [] id;

    private P11KeyGenParameterSpec(AlgorithmParameterSpec algorithmSpec, boolean onToken, @Nullable String label,
            byte @Nullable [] id) {
        this.algorithmSpec = algorithmSpec;
        this.onToken = onToken;
        this.label = label;
        this.id = id == null ? null : id.clone();
    }

    /** A pair stored on the token under {@code label} and {@code id} (CKA_LABEL, CKA_ID). */
    public static P11KeyGenParameterSpec onToken(AlgorithmParameterSpec algorithmSpec, String label, byte[] id) {
        return new P11KeyGenParameterSpec(algorithmSpec, true, label, id);
    }

    /** A session pair: destroyed when the program drops the private key. */
    public static P11KeyGenParameterSpec session(AlgorithmParameterSpec algorithmSpec) {
        return new P11KeyGenParameterSpec(algorithmSpec, false, null, null);
    }

    public AlgorithmParameterSpec algorithmSpec() {
        return algorithmSpec;
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
