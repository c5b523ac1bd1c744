package org.p11plug.api.raw;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;
import org.p11plug.api.Mechanism;
import org.p11plug.api.MechanismInfo;
import org.p11plug.api.ModuleInfo;
import org.p11plug.api.SessionInfo;
import org.p11plug.api.SlotInfo;
import org.p11plug.api.TokenInfo;

/**
 * One PKCS#11 application, function by function: the PKCS#11 2.40 function set with the
 * semantics of 3.1, byte-exact. Handles are C's {@code CK_ULONG}s held in {@code long}s; a
 * handle that is not the application's own answers {@code CKR_SESSION_HANDLE_INVALID} or
 * {@code CKR_OBJECT_HANDLE_INVALID}.
 *
 * <p>Every method either returns normally ({@code CKR_OK}, or for output calls the
 * {@link Output} convention) or throws {@link org.p11plug.api.CkException} with the
 * {@code CK_RV} the specification names. A null argument where C would need a pointer answers
 * {@code CKR_ARGUMENTS_BAD}; the PIN arguments may be null where C allows {@code NULL_PTR} for a
 * protected authentication path. Arrays passed in stay the caller's: the engine copies what it
 * keeps and never writes into them, except {@link #generateRandom}'s buffer.
 *
 * <p>Functions of the 3.0 interface ({@code C_LoginUser}, {@code C_SessionCancel}, message-based
 * operations) are not here yet; they will be added as default-less methods in a minor version,
 * which is why this is a provider type.
 */
@ProviderType
public interface Pkcs11 {

    // ---- general purpose ----

    /** {@code C_GetInfo}. */
    ModuleInfo getInfo();

    // ---- slots and tokens ----

    /** {@code C_GetSlotList}: the slots now known, or only those holding a token. */
    long[] getSlotList(boolean tokenPresent);

    /** {@code C_GetSlotInfo}. */
    SlotInfo getSlotInfo(long slotId);

    /** {@code C_GetTokenInfo}. */
    TokenInfo getTokenInfo(long slotId);

    /**
     * {@code C_WaitForSlotEvent}: the id of a slot whose event flag was set, clearing it. With
     * {@code CKF_DONT_BLOCK} in {@code flags} it answers {@code CKR_NO_EVENT} when none is set;
     * without it, it blocks until an event or until the application finalizes
     * ({@code CKR_CRYPTOKI_NOT_INITIALIZED}).
     */
    long waitForSlotEvent(long flags);

    /** {@code C_GetMechanismList}. */
    long[] getMechanismList(long slotId);

    /** {@code C_GetMechanismInfo}. */
    MechanismInfo getMechanismInfo(long slotId, long type);

    /** {@code C_InitToken}: {@code label} is the 32-byte blank-padded field ({@link FixedText#pad}). */
    void initToken(long slotId, byte @Nullable [] soPin, byte[] label);

    /** {@code C_InitPIN}. */
    void initPin(long session, byte @Nullable [] pin);

    /** {@code C_SetPIN}. */
    void setPin(long session, byte @Nullable [] oldPin, byte @Nullable [] newPin);

    // ---- sessions ----

    /** {@code C_OpenSession} (without a notification callback): the new session's handle. */
    long openSession(long slotId, long flags);

    /** {@code C_CloseSession}. */
    void closeSession(long session);

    /** {@code C_CloseAllSessions}: this application's sessions with the token in the slot. */
    void closeAllSessions(long slotId);

    /** {@code C_GetSessionInfo}. */
    SessionInfo getSessionInfo(long session);

    /** {@code C_GetOperationState}. */
    Output getOperationState(long session, long capacity);

    /** {@code C_SetOperationState}. */
    void setOperationState(long session, byte[] state, long encryptionKey, long authenticationKey);

    /** {@code C_Login}; {@code userType} is a {@code CKU_} value. */
    void login(long session, long userType, byte @Nullable [] pin);

    /** {@code C_Logout}. */
    void logout(long session);

    // ---- objects ----

    /** {@code C_CreateObject}: the new object's handle. */
    long createObject(long session, RawAttribute[] template);

    /** {@code C_CopyObject}: the copy's handle. */
    long copyObject(long session, long object, RawAttribute[] template);

    /** {@code C_DestroyObject}. */
    void destroyObject(long session, long object);

    /** {@code C_GetObjectSize}: an approximation in bytes of the storage the object takes. */
    long getObjectSize(long session, long object);

    /**
     * {@code C_GetAttributeValue}: one result per request, every attribute processed even when
     * some are sensitive, unknown or do not fit (see {@link AttributeResults}).
     */
    AttributeResults getAttributeValue(long session, long object, AttributeRequest[] template);

    /** {@code C_SetAttributeValue}. */
    void setAttributeValue(long session, long object, RawAttribute[] template);

    /** {@code C_FindObjectsInit}; an empty template finds every object the session may see. */
    void findObjectsInit(long session, RawAttribute[] template);

    /** {@code C_FindObjects}: at most {@code maxObjectCount} further handles, none when exhausted. */
    long[] findObjects(long session, int maxObjectCount);

    /** {@code C_FindObjectsFinal}. */
    void findObjectsFinal(long session);

    // ---- encryption and decryption ----

    void encryptInit(long session, Mechanism mechanism, long key);

    Output encrypt(long session, byte[] data, long capacity);

    Output encryptUpdate(long session, byte[] part, long capacity);

    Output encryptFinal(long session, long capacity);

    void decryptInit(long session, Mechanism mechanism, long key);

    Output decrypt(long session, byte[] encryptedData, long capacity);

    Output decryptUpdate(long session, byte[] encryptedPart, long capacity);

    Output decryptFinal(long session, long capacity);

    // ---- digests ----

    void digestInit(long session, Mechanism mechanism);

    Output digest(long session, byte[] data, long capacity);

    void digestUpdate(long session, byte[] part);

    void digestKey(long session, long key);

    Output digestFinal(long session, long capacity);

    // ---- signatures and MACs ----

    void signInit(long session, Mechanism mechanism, long key);

    Output sign(long session, byte[] data, long capacity);

    void signUpdate(long session, byte[] part);

    Output signFinal(long session, long capacity);

    void signRecoverInit(long session, Mechanism mechanism, long key);

    Output signRecover(long session, byte[] data, long capacity);

    void verifyInit(long session, Mechanism mechanism, long key);

    /** {@code C_Verify}: returns when the signature is valid, else {@code CKR_SIGNATURE_INVALID} or {@code CKR_SIGNATURE_LEN_RANGE}. */
    void verify(long session, byte[] data, byte[] signature);

    void verifyUpdate(long session, byte[] part);

    void verifyFinal(long session, byte[] signature);

    void verifyRecoverInit(long session, Mechanism mechanism, long key);

    Output verifyRecover(long session, byte[] signature, long capacity);

    // ---- dual-function operations ----

    Output digestEncryptUpdate(long session, byte[] part, long capacity);

    Output decryptDigestUpdate(long session, byte[] encryptedPart, long capacity);

    Output signEncryptUpdate(long session, byte[] part, long capacity);

    Output decryptVerifyUpdate(long session, byte[] encryptedPart, long capacity);

    // ---- keys ----

    long generateKey(long session, Mechanism mechanism, RawAttribute[] template);

    /** {@code C_GenerateKeyPair}: {public key handle, private key handle}. */
    long[] generateKeyPair(long session, Mechanism mechanism, RawAttribute[] publicKeyTemplate,
            RawAttribute[] privateKeyTemplate);

    Output wrapKey(long session, Mechanism mechanism, long wrappingKey, long key, long capacity);

    long unwrapKey(long session, Mechanism mechanism, long unwrappingKey, byte[] wrappedKey, RawAttribute[] template);

    long deriveKey(long session, Mechanism mechanism, long baseKey, RawAttribute[] template);

    // ---- random numbers ----

    void seedRandom(long session, byte[] seed);

    /** {@code C_GenerateRandom}: fills the whole buffer. */
    void generateRandom(long session, byte[] buffer);
}
