package org.p11plug.spi.token;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;
import org.p11plug.api.MechanismInfo;
import org.p11plug.api.TokenInfo;
import org.p11plug.api.UserType;
import org.p11plug.spi.store.KeyEncryptionKey;

/**
 * A token as its backend holds it: info, PINs, token objects and the key-encryption key. The
 * engine enforces PKCS#11's session and object rules; the backend verifies PINs, keeps its
 * retry counters and stores objects. Failures are {@link org.p11plug.api.CkException}s with the
 * specification's code ({@code CKR_PIN_INCORRECT}, {@code CKR_PIN_LOCKED}, {@code CKR_PIN_LEN_RANGE}, ...).
 */
@ConsumerType
public interface BackendToken {
    /**
     * {@code CK_TOKEN_INFO} as the backend knows it; the engine fills in the session counts.
     * {@code CKF_TOKEN_INITIALIZED} decides whether sessions may be opened.
     */
    TokenInfo info();

    /**
     * Mechanisms the token performs itself, with their info (on-card keys); the engine adds the
     * mechanisms it performs in software. Empty for the software token.
     */
    default Map<Long, MechanismInfo> tokenMechanisms() {
        return Map.of();
    }

    /**
     * {@code C_InitToken}: checks the SO PIN (or sets it on a new token), destroys every
     * destroyable token object and leaves the user PIN uninitialised.
     */
    void initToken(byte[] soPin, String label);

    /** Verifies a PIN and opens a ticket; counts failures and locks as the token's policy says. */
    LoginTicket login(UserType userType, byte[] pin);

    /** Checks the user's PIN again for one operation ({@code CKU_CONTEXT_SPECIFIC}). */
    void reauthenticate(LoginTicket ticket, byte[] pin);

    /** {@code C_InitPIN}, with the SO's ticket. */
    void initPin(LoginTicket so, byte[] newPin);

    /**
     * {@code C_SetPIN} for the given user type (the logged-in user, or {@link UserType#USER} when
     * nobody is): verifies the old PIN, counting a failure like a failed login, then sets the new.
     */
    void setPin(UserType userType, byte[] oldPin, byte[] newPin);

    /** The token's objects. */
    TokenObjectStore objects();

    /**
     * Generates a key pair on the token itself, for a token whose private keys never leave it
     * (a smart card): the public and the private key as the token's objects, in that order. The
     * engine has validated the templates and the session's rights. Tokens that store what the
     * engine generates (the software token) keep the default, and the engine generates in
     * software and stores both halves with {@link TokenObjectStore#create}.
     *
     * @throws org.p11plug.api.CkException with the reason the token cannot make this pair
     *     ({@code CKR_KEY_SIZE_RANGE}, {@code CKR_CURVE_NOT_SUPPORTED}, {@code CKR_TEMPLATE_INCONSISTENT}, ...)
     */
    default java.util.Optional<TokenObject[]> generateKeyPair(KeyPairRequest request) {
        return java.util.Optional.empty();
    }

    /** The key-encryption key for the wrapped session-object store: born with the token, erased when it goes. */
    KeyEncryptionKey keyEncryptionKey();
}
