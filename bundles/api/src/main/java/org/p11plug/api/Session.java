package org.p11plug.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A session with a token. {@link #close()} is {@code C_CloseSession}: the session objects it
 * created are destroyed, so {@code try (Session s = token.openReadWriteSession()) { ... }} (or
 * Kotlin's {@code use {}}) bounds their life.
 *
 * <p>Calls on one session are serialized: a second thread calling while another call is in
 * progress waits for it. Operation state (a find, a signature) belongs to the session, so two
 * threads interleaving multi-part operations on one session still see
 * {@code CKR_OPERATION_ACTIVE}; give each thread its own session.
 */
@ProviderType
public interface Session extends AutoCloseable {
    /** The {@code CK_SESSION_HANDLE}, usable with {@link Cryptoki#raw()}. */
    long getHandle();

    long getSlotId();

    /** {@code C_GetSessionInfo}. */
    SessionInfo getInfo();

    SessionState getState();

    // ---- login ----

    void login(UserType userType, Pin pin);

    void logout();

    /** {@code C_InitPIN}: sets the user PIN; needs the R/W SO state. */
    void initPin(Pin pin);

    /** {@code C_SetPIN}: the logged-in user's PIN, or the user PIN when nobody is logged in. */
    void setPin(Pin oldPin, Pin newPin);

    // ---- objects ----

    ObjectHandle createObject(Template template);

    ObjectHandle copyObject(ObjectHandle object, Template template);

    void destroyObject(ObjectHandle object);

    long getObjectSize(ObjectHandle object);

    /**
     * @throws CkException {@code CKR_ATTRIBUTE_SENSITIVE} or {@code CKR_ATTRIBUTE_TYPE_INVALID}
     *     when the value cannot be read
     */
    <T> T getAttribute(ObjectHandle object, Attribute<T> attribute);

    /** Reads several attributes at once; unreadable ones are reported in the set, not thrown. */
    AttributeSet getAttributes(ObjectHandle object, Attribute<?>... attributes);

    void setAttributes(ObjectHandle object, Template template);

    /** Every object matching the template that this session may see (init, next, final in one call). */
    List<ObjectHandle> findObjects(Template template);

    /** The first match, if any. */
    Optional<ObjectHandle> findObject(Template template);

    /** A find operation to page through; close it to call {@code C_FindObjectsFinal}. */
    FindOperation startFind(Template template);

    // ---- cryptography: single-part ----

    byte[] sign(Mechanism mechanism, ObjectHandle key, byte[] data);

    /**
     * @return whether the signature is valid ({@code CKR_SIGNATURE_INVALID} is {@code false})
     * @throws CkException for every other failure, {@code CKR_SIGNATURE_LEN_RANGE} included
     */
    boolean verify(Mechanism mechanism, ObjectHandle key, byte[] data, byte[] signature);

    byte[] encrypt(Mechanism mechanism, ObjectHandle key, byte[] data);

    byte[] decrypt(Mechanism mechanism, ObjectHandle key, byte[] encrypted);

    byte[] digest(Mechanism mechanism, byte[] data);

    // ---- cryptography: multi-part ----

    Signer startSign(Mechanism mechanism, ObjectHandle key);

    Verifier startVerify(Mechanism mechanism, ObjectHandle key);

    CipherOperation startEncrypt(Mechanism mechanism, ObjectHandle key);

    CipherOperation startDecrypt(Mechanism mechanism, ObjectHandle key);

    Digester startDigest(Mechanism mechanism);

    // ---- keys ----

    ObjectHandle generateKey(Mechanism mechanism, Template template);

    KeyPair generateKeyPair(Mechanism mechanism, Template publicKeyTemplate, Template privateKeyTemplate);

    byte[] wrapKey(Mechanism mechanism, ObjectHandle wrappingKey, ObjectHandle key);

    ObjectHandle unwrapKey(Mechanism mechanism, ObjectHandle unwrappingKey, byte[] wrappedKey, Template template);

    ObjectHandle deriveKey(Mechanism mechanism, ObjectHandle baseKey, Template template);

    // ---- random ----

    byte[] generateRandom(int length);

    void seedRandom(byte[] seed);

    /** {@code C_CloseSession}; closing twice is harmless. */
    @Override
    void close();
}
