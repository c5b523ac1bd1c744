package org.p11plug.engine.internal.crypto;

import org.jspecify.annotations.Nullable;
import org.p11plug.api.param.MechanismParameter;
import org.p11plug.engine.internal.object.ObjectRecord;

/**
 * What a mechanism can make. Each factory checks the parameter (CKR_MECHANISM_PARAM_INVALID) and
 * returns an operation bound to its key; the caller has already checked the key's class, type,
 * size and permissions against the mechanism.
 */
public final class Factories {
    private Factories() {
    }

    /** Encryption, decryption or a signature (MAC) as a data operation. */
    @FunctionalInterface
    public interface DataFactory {
        DataOperation create(@Nullable MechanismParameter parameter, ObjectRecord key);
    }

    @FunctionalInterface
    public interface VerifyFactory {
        VerifyOperation create(@Nullable MechanismParameter parameter, ObjectRecord key);
    }

    @FunctionalInterface
    public interface DigestFactory {
        DataOperation create(@Nullable MechanismParameter parameter);
    }

    /** Secret key generation: the new key's value, {@code length} bytes long. */
    @FunctionalInterface
    public interface SecretGenerator {
        byte[] generate(@Nullable MechanismParameter parameter, int length);
    }

    /**
     * Key pair generation: the values the mechanism contributes to each key, given the public
     * template's generation attributes (modulus bits and public exponent, or the curve).
     */
    @FunctionalInterface
    public interface PairGenerator {
        KeyPairValues generate(@Nullable MechanismParameter parameter, GenerationRequest request);
    }

    /** Wraps an encoded key (a secret value or a PKCS#8 private key) under a wrapping key. */
    @FunctionalInterface
    public interface Wrapper {
        byte[] wrap(@Nullable MechanismParameter parameter, ObjectRecord wrappingKey, byte[] encodedKey);
    }

    /** The reverse of {@link Wrapper}: the encoded key, which the caller erases. */
    @FunctionalInterface
    public interface Unwrapper {
        byte[] unwrap(@Nullable MechanismParameter parameter, ObjectRecord unwrappingKey, byte[] wrapped);
    }

    /**
     * Derives secret bytes from a base key; {@code length} is the length the template asks
     * for, or -1 when it leaves that to the mechanism. {@code keys} resolves further key handles
     * a parameter names (an HKDF salt key), with the session's visibility rules.
     */
    @FunctionalInterface
    public interface Deriver {
        byte[] derive(@Nullable MechanismParameter parameter, ObjectRecord baseKey, int length, KeyResolver keys);
    }

    /** Resolves a key handle in the calling session (CKR_KEY_HANDLE_INVALID when it cannot). */
    @FunctionalInterface
    public interface KeyResolver {
        ObjectRecord resolve(long handle);
    }
}
