package org.p11plug.engine.internal.session;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.Mechanism;
import org.p11plug.api.MechanismInfo;
import org.p11plug.api.ModuleInfo;
import org.p11plug.api.SessionInfo;
import org.p11plug.api.SlotInfo;
import org.p11plug.api.TokenInfo;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.raw.AttributeRequest;
import org.p11plug.api.raw.AttributeResults;
import org.p11plug.api.raw.FixedText;
import org.p11plug.api.raw.Output;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.object.ObjectRecord;
import org.p11plug.spi.token.LoginTicket;

/**
 * One PKCS#11 application: the raw layer's implementation. Holds the application's sessions,
 * its per-token state (login, session objects) and its object handles; object and
 * cryptographic functions are delegated to {@link ObjectFunctions} and {@link CryptoFunctions}.
 */
public final class ApplicationImpl implements Pkcs11, SessionCanceller {
    /** Capacity for calls that output nothing (signature and digest updates): never a length query. */
    private static final long NO_OUTPUT = Long.MAX_VALUE;

    private final String name;
    private final EngineCore core;
    private final Map<Long, SessionImpl> sessions = new ConcurrentHashMap<>();
    private final Map<TokenRuntime, AppTokenState> tokens = new ConcurrentHashMap<>();
    private final Map<Long, ObjectRecord> objects = new ConcurrentHashMap<>();
    private final LinkedHashSet<Long> pendingEvents = new LinkedHashSet<>();
    private final ObjectFunctions objectFunctions;
    private final CryptoFunctions cryptoFunctions;
    private final KeyFunctions keyFunctions;
    private volatile boolean finalized;

    ApplicationImpl(String name, EngineCore core) {
        this.name = name;
        this.core = core;
        this.objectFunctions = new ObjectFunctions(this, core);
        this.cryptoFunctions = new CryptoFunctions(this, core.mechanisms());
        this.keyFunctions = new KeyFunctions(this, core, core.mechanisms(), objectFunctions);
    }

    public String name() {
        return name;
    }

    public boolean isFinalized() {
        return finalized;
    }

    public int sessionCount() {
        return sessions.size();
    }

    public long sessionObjectCount() {
        return tokens.values().stream().mapToLong(t -> t.sessionObjects().size()).sum();
    }

    // ---- general purpose ----

    @Override
    public ModuleInfo getInfo() {
        checkInitialized();
        return core.moduleInfo();
    }

    /** C_Finalize: closes every session, erases every session object, wakes a waiting C_WaitForSlotEvent. */
    public void finalizeApplication() {
        if (finalized) {
            return;
        }
        finalized = true;
        for (AppTokenState state : List.copyOf(tokens.values())) {
            closeAll(state);
        }
        tokens.clear();
        objects.clear();
        synchronized (pendingEvents) {
            pendingEvents.notifyAll();
        }
        core.applicationClosed(this);
    }

    // ---- slots and tokens ----

    @Override
    public long[] getSlotList(boolean tokenPresent) {
        checkInitialized();
        return core.slots().slotIds(tokenPresent);
    }

    @Override
    public SlotInfo getSlotInfo(long slotId) {
        checkInitialized();
        return core.slots().slotInfo(slotId);
    }

    @Override
    public TokenInfo getTokenInfo(long slotId) {
        checkInitialized();
        TokenRuntime t = core.slots().token(slotId);
        TokenInfo info = t.backend().info();
        TokenInfo counted = info.withSessionCounts(t.sessionCount(), t.readWriteSessionCount());
        return withFlags(counted, counted.flags() | CKF.RNG);
    }

    @Override
    public long waitForSlotEvent(long flags) {
        checkInitialized();
        synchronized (pendingEvents) {
            while (pendingEvents.isEmpty()) {
                if ((flags & CKF.DONT_BLOCK) != 0) {
                    throw Ck.fail(CKR.NO_EVENT);
                }
                try {
                    pendingEvents.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Ck.fail(CKR.FUNCTION_CANCELED, "interrupted");
                }
                checkInitialized();
            }
            Long slot = pendingEvents.iterator().next();
            pendingEvents.remove(slot);
            return slot;
        }
    }

    void slotEvent(long slotId) {
        synchronized (pendingEvents) {
            pendingEvents.add(slotId);
            pendingEvents.notifyAll();
        }
    }

    @Override
    public long[] getMechanismList(long slotId) {
        checkInitialized();
        return cryptoFunctions.mechanismList(core.slots().token(slotId));
    }

    @Override
    public MechanismInfo getMechanismInfo(long slotId, long type) {
        checkInitialized();
        return cryptoFunctions.mechanismInfo(core.slots().token(slotId), type);
    }

    @Override
    public void initToken(long slotId, byte @Nullable [] soPin, byte @Nullable [] label) {
        checkInitialized();
        if (soPin == null || label == null || label.length > 32) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "SO PIN and a label of at most 32 bytes are required");
        }
        TokenRuntime t = core.slots().token(slotId);
        if (!t.sessions().isEmpty()) {
            throw Ck.fail(CKR.SESSION_EXISTS, "close every session with the token first");
        }
        t.backend().initToken(soPin, FixedText.unpad(label));
    }

    @Override
    public void initPin(long session, byte @Nullable [] pin) {
        inSession(session, s -> {
            if (pin == null) {
                throw Ck.fail(CKR.ARGUMENTS_BAD, "PIN is null");
            }
            LoginTicket so = s.owner().ticket();
            if (!s.isReadWrite() || !s.owner().soLoggedIn() || so == null) {
                throw Ck.fail(CKR.USER_NOT_LOGGED_IN, "C_InitPIN needs the R/W SO Functions state");
            }
            s.token().backend().initPin(so, pin);
            return null;
        });
    }

    @Override
    public void setPin(long session, byte @Nullable [] oldPin, byte @Nullable [] newPin) {
        inSession(session, s -> {
            if (oldPin == null || newPin == null) {
                throw Ck.fail(CKR.ARGUMENTS_BAD, "PINs are null");
            }
            if (!s.isReadWrite()) {
                throw Ck.fail(CKR.SESSION_READ_ONLY, "C_SetPIN needs a R/W session");
            }
            UserType whose = s.owner().soLoggedIn() ? UserType.SO : UserType.USER;
            s.token().backend().setPin(whose, oldPin, newPin);
            return null;
        });
    }

    // ---- sessions ----

    @Override
    public long openSession(long slotId, long flags) {
        checkInitialized();
        if ((flags & CKF.SERIAL_SESSION) == 0) {
            throw Ck.fail(CKR.SESSION_PARALLEL_NOT_SUPPORTED);
        }
        TokenRuntime t = core.slots().token(slotId);
        TokenInfo info = t.backend().info();
        if (!info.initialized()) {
            throw Ck.fail(CKR.TOKEN_NOT_RECOGNIZED, "the token is not initialized (C_InitToken)");
        }
        boolean readWrite = (flags & CKF.RW_SESSION) != 0;
        if (readWrite && info.writeProtected()) {
            throw Ck.fail(CKR.TOKEN_WRITE_PROTECTED);
        }
        AppTokenState state = stateFor(t);
        synchronized (state) {
            if (!readWrite && state.soLoggedIn()) {
                throw Ck.fail(CKR.SESSION_READ_WRITE_SO_EXISTS);
            }
            SessionImpl s = new SessionImpl(core.handles().next(), state, readWrite);
            state.sessions().put(s.handle(), s);
            sessions.put(s.handle(), s);
            t.sessionOpened(s);
            checkInitialized();
            return s.handle();
        }
    }

    @Override
    public void closeSession(long session) {
        checkInitialized();
        SessionImpl s = sessions.remove(session);
        if (s == null) {
            throw Ck.fail(CKR.SESSION_HANDLE_INVALID);
        }
        close(s);
    }

    @Override
    public void closeAllSessions(long slotId) {
        checkInitialized();
        TokenRuntime t = core.slots().token(slotId);
        AppTokenState state = tokens.get(t);
        if (state != null) {
            for (SessionImpl s : List.copyOf(state.sessions().values())) {
                if (sessions.remove(s.handle()) != null) {
                    close(s);
                }
            }
        }
    }

    @Override
    public SessionInfo getSessionInfo(long session) {
        return inSession(session, s -> new SessionInfo(s.token().slotId(), s.state().value(),
                CKF.SERIAL_SESSION | (s.isReadWrite() ? CKF.RW_SESSION : 0), 0));
    }

    @Override
    public Output getOperationState(long session, long capacity) {
        return inSession(session, s -> {
            throw Ck.fail(CKR.FUNCTION_NOT_SUPPORTED, "operation state cannot be saved");
        });
    }

    @Override
    public void setOperationState(long session, byte @Nullable [] state, long encryptionKey, long authenticationKey) {
        inSession(session, s -> {
            if (state == null) {
                throw Ck.fail(CKR.ARGUMENTS_BAD, "state is null");
            }
            throw Ck.fail(CKR.FUNCTION_NOT_SUPPORTED, "operation state cannot be restored");
        });
    }

    @Override
    public void login(long session, long userType, byte @Nullable [] pin) {
        inSession(session, s -> {
            if (userType != CKU.SO && userType != CKU.USER && userType != CKU.CONTEXT_SPECIFIC) {
                throw Ck.fail(CKR.USER_TYPE_INVALID);
            }
            if (pin == null) {
                throw Ck.fail(CKR.ARGUMENTS_BAD, "this token has no protected authentication path");
            }
            if (userType == CKU.CONTEXT_SPECIFIC) {
                cryptoFunctions.reauthenticate(s, pin);
                return null;
            }
            UserType type = userType == CKU.SO ? UserType.SO : UserType.USER;
            AppTokenState state = s.owner();
            synchronized (state) {
                UserType current = state.login();
                if (current == type) {
                    throw Ck.fail(CKR.USER_ALREADY_LOGGED_IN);
                }
                if (current != null) {
                    throw Ck.fail(CKR.USER_ANOTHER_ALREADY_LOGGED_IN);
                }
                if (type == UserType.SO && state.sessions().values().stream().anyMatch(x -> !x.isReadWrite())) {
                    throw Ck.fail(CKR.SESSION_READ_ONLY_EXISTS);
                }
                if (type == UserType.USER && !s.token().backend().info().userPinInitialized()) {
                    throw Ck.fail(CKR.USER_PIN_NOT_INITIALIZED);
                }
                state.loggedIn(s.token().backend().login(type, pin));
            }
            return null;
        });
    }

    @Override
    public void logout(long session) {
        inSession(session, s -> {
            AppTokenState state = s.owner();
            synchronized (state) {
                if (state.login() == null) {
                    throw Ck.fail(CKR.USER_NOT_LOGGED_IN);
                }
                logoutLocked(state);
            }
            return null;
        });
    }

    /**
     * C_Logout's effects (PKCS#11 3.1): private session objects of the application are
     * destroyed, its handles to private objects become invalid for good, and its sessions return
     * to the public states.
     */
    private void logoutLocked(AppTokenState state) {
        for (ObjectRecord r : List.copyOf(state.sessionObjects().all())) {
            if (r.isPrivate()) {
                objectFunctions.destroySessionObject(state, r);
            }
        }
        state.dropPrivateTokenHandles();
        state.loggedOut();
    }

    // ---- objects ----

    @Override
    public long createObject(long session, RawAttribute[] template) {
        return inSession(session, s -> objectFunctions.create(s, template));
    }

    @Override
    public long copyObject(long session, long object, RawAttribute[] template) {
        return inSession(session, s -> objectFunctions.copy(s, object, template));
    }

    @Override
    public void destroyObject(long session, long object) {
        inSession(session, s -> {
            objectFunctions.destroy(s, object);
            return null;
        });
    }

    @Override
    public long getObjectSize(long session, long object) {
        return inSession(session, s -> objectFunctions.size(s, object));
    }

    @Override
    public AttributeResults getAttributeValue(long session, long object, AttributeRequest[] template) {
        return inSession(session, s -> objectFunctions.getAttributes(s, object, template));
    }

    @Override
    public void setAttributeValue(long session, long object, RawAttribute[] template) {
        inSession(session, s -> {
            objectFunctions.setAttributes(s, object, template);
            return null;
        });
    }

    @Override
    public void findObjectsInit(long session, RawAttribute[] template) {
        inSession(session, s -> {
            objectFunctions.findInit(s, template);
            return null;
        });
    }

    @Override
    public long[] findObjects(long session, int maxObjectCount) {
        return inSession(session, s -> objectFunctions.find(s, maxObjectCount));
    }

    @Override
    public void findObjectsFinal(long session) {
        inSession(session, s -> {
            objectFunctions.findFinal(s);
            return null;
        });
    }

    // ---- cryptography ----

    @Override
    public void encryptInit(long session, Mechanism mechanism, long key) {
        inSession(session, s -> cryptoFunctions.init(s, Operations.Kind.ENCRYPT, mechanism, key));
    }

    @Override
    public Output encrypt(long session, byte[] data, long capacity) {
        return inSession(session, s -> cryptoFunctions.single(s, Operations.Kind.ENCRYPT, data, capacity));
    }

    @Override
    public Output encryptUpdate(long session, byte[] part, long capacity) {
        return inSession(session, s -> cryptoFunctions.update(s, Operations.Kind.ENCRYPT, part, capacity));
    }

    @Override
    public Output encryptFinal(long session, long capacity) {
        return inSession(session, s -> cryptoFunctions.finish(s, Operations.Kind.ENCRYPT, capacity));
    }

    @Override
    public void decryptInit(long session, Mechanism mechanism, long key) {
        inSession(session, s -> cryptoFunctions.init(s, Operations.Kind.DECRYPT, mechanism, key));
    }

    @Override
    public Output decrypt(long session, byte[] encryptedData, long capacity) {
        return inSession(session, s -> cryptoFunctions.single(s, Operations.Kind.DECRYPT, encryptedData, capacity));
    }

    @Override
    public Output decryptUpdate(long session, byte[] encryptedPart, long capacity) {
        return inSession(session, s -> cryptoFunctions.update(s, Operations.Kind.DECRYPT, encryptedPart, capacity));
    }

    @Override
    public Output decryptFinal(long session, long capacity) {
        return inSession(session, s -> cryptoFunctions.finish(s, Operations.Kind.DECRYPT, capacity));
    }

    @Override
    public void digestInit(long session, Mechanism mechanism) {
        inSession(session, s -> cryptoFunctions.init(s, Operations.Kind.DIGEST, mechanism, 0));
    }

    @Override
    public Output digest(long session, byte[] data, long capacity) {
        return inSession(session, s -> cryptoFunctions.single(s, Operations.Kind.DIGEST, data, capacity));
    }

    @Override
    public void digestUpdate(long session, byte[] part) {
        inSession(session, s -> cryptoFunctions.update(s, Operations.Kind.DIGEST, part, NO_OUTPUT));
    }

    @Override
    public void digestKey(long session, long key) {
        inSession(session, s -> cryptoFunctions.digestKey(s, key));
    }

    @Override
    public Output digestFinal(long session, long capacity) {
        return inSession(session, s -> cryptoFunctions.finish(s, Operations.Kind.DIGEST, capacity));
    }

    @Override
    public void signInit(long session, Mechanism mechanism, long key) {
        inSession(session, s -> cryptoFunctions.init(s, Operations.Kind.SIGN, mechanism, key));
    }

    @Override
    public Output sign(long session, byte[] data, long capacity) {
        return inSession(session, s -> cryptoFunctions.single(s, Operations.Kind.SIGN, data, capacity));
    }

    @Override
    public void signUpdate(long session, byte[] part) {
        inSession(session, s -> cryptoFunctions.update(s, Operations.Kind.SIGN, part, NO_OUTPUT));
    }

    @Override
    public Output signFinal(long session, long capacity) {
        return inSession(session, s -> cryptoFunctions.finish(s, Operations.Kind.SIGN, capacity));
    }

    @Override
    public void signRecoverInit(long session, Mechanism mechanism, long key) {
        inSession(session, s -> cryptoFunctions.notSupported("C_SignRecoverInit"));
    }

    @Override
    public Output signRecover(long session, byte[] data, long capacity) {
        return inSession(session, s -> cryptoFunctions.notSupported("C_SignRecover"));
    }

    @Override
    public void verifyInit(long session, Mechanism mechanism, long key) {
        inSession(session, s -> cryptoFunctions.init(s, Operations.Kind.VERIFY, mechanism, key));
    }

    @Override
    public void verify(long session, byte[] data, byte[] signature) {
        inSession(session, s -> cryptoFunctions.verify(s, data, signature));
    }

    @Override
    public void verifyUpdate(long session, byte[] part) {
        inSession(session, s -> cryptoFunctions.verifyUpdate(s, part));
    }

    @Override
    public void verifyFinal(long session, byte[] signature) {
        inSession(session, s -> cryptoFunctions.verifyFinal(s, signature));
    }

    @Override
    public void verifyRecoverInit(long session, Mechanism mechanism, long key) {
        inSession(session, s -> cryptoFunctions.notSupported("C_VerifyRecoverInit"));
    }

    @Override
    public Output verifyRecover(long session, byte[] signature, long capacity) {
        return inSession(session, s -> cryptoFunctions.notSupported("C_VerifyRecover"));
    }

    @Override
    public Output digestEncryptUpdate(long session, byte[] part, long capacity) {
        return inSession(session, s -> cryptoFunctions.notSupported("dual-function operations"));
    }

    @Override
    public Output decryptDigestUpdate(long session, byte[] encryptedPart, long capacity) {
        return inSession(session, s -> cryptoFunctions.notSupported("dual-function operations"));
    }

    @Override
    public Output signEncryptUpdate(long session, byte[] part, long capacity) {
        return inSession(session, s -> cryptoFunctions.notSupported("dual-function operations"));
    }

    @Override
    public Output decryptVerifyUpdate(long session, byte[] encryptedPart, long capacity) {
        return inSession(session, s -> cryptoFunctions.notSupported("dual-function operations"));
    }

    @Override
    public long generateKey(long session, Mechanism mechanism, RawAttribute[] template) {
        return inSession(session, s -> keyFunctions.generateKey(s, mechanism, template));
    }

    @Override
    public long[] generateKeyPair(long session, Mechanism mechanism, RawAttribute[] publicKeyTemplate,
            RawAttribute[] privateKeyTemplate) {
        return inSession(session, s -> keyFunctions.generateKeyPair(s, mechanism, publicKeyTemplate,
                privateKeyTemplate));
    }

    @Override
    public Output wrapKey(long session, Mechanism mechanism, long wrappingKey, long key, long capacity) {
        return inSession(session, s -> keyFunctions.wrapKey(s, mechanism, wrappingKey, key, capacity));
    }

    @Override
    public long unwrapKey(long session, Mechanism mechanism, long unwrappingKey, byte[] wrappedKey,
            RawAttribute[] template) {
        return inSession(session, s -> keyFunctions.unwrapKey(s, mechanism, unwrappingKey, wrappedKey, template));
    }

    @Override
    public long deriveKey(long session, Mechanism mechanism, long baseKey, RawAttribute[] template) {
        return inSession(session, s -> keyFunctions.deriveKey(s, mechanism, baseKey, template));
    }

    // ---- random ----

    @Override
    public void seedRandom(long session, byte @Nullable [] seed) {
        inSession(session, s -> {
            if (seed == null) {
                throw Ck.fail(CKR.ARGUMENTS_BAD, "seed is null");
            }
            core.random().setSeed(seed);
            return null;
        });
    }

    @Override
    public void generateRandom(long session, byte @Nullable [] buffer) {
        inSession(session, s -> {
            if (buffer == null) {
                throw Ck.fail(CKR.ARGUMENTS_BAD, "buffer is null");
            }
            core.random().nextBytes(buffer);
            return null;
        });
    }

    @Override
    public void cancel(long session, long operationFlags) {
        inSession(session, s -> {
            cryptoFunctions.cancel(s, operationFlags);
            return null;
        });
    }

    // ---- internals shared with the function classes ----

    /**
     * Runs one call on a session: CKR_CRYPTOKI_NOT_INITIALIZED after finalization,
     * CKR_SESSION_HANDLE_INVALID for a handle that is not this application's open session, the
     * session's lock held for the call.
     */
    <R> R inSession(long handle, Function<SessionImpl, R> call) {
        checkInitialized();
        SessionImpl s = sessions.get(handle);
        if (s == null) {
            throw Ck.fail(CKR.SESSION_HANDLE_INVALID);
        }
        s.enter();
        try {
            return call.apply(s);
        } finally {
            s.exit();
        }
    }

    /**
     * The object a handle names, if this session may see it: the handle must be this
     * application's, the object alive and on the session's token, and private objects need the
     * user logged in.
     */
    ObjectRecord resolve(SessionImpl s, long handle, long invalidCode) {
        ObjectRecord r = objects.get(handle);
        if (r == null) {
            throw Ck.fail(invalidCode);
        }
        if (r.isDestroyed()) {
            objects.remove(handle);
            throw Ck.fail(invalidCode);
        }
        AppTokenState state = s.owner();
        boolean ours = r.isToken() ? r.tokenObject() != null && Long.valueOf(handle).equals(state.handleIfKnown(r))
                : state.sessionObjects().contains(r);
        if (!ours || (r.isPrivate() && !state.userLoggedIn())) {
            throw Ck.fail(invalidCode);
        }
        return r;
    }

    /** A re-authentication locked the PIN: the specification logs the user out. */
    void logoutAfterLock(AppTokenState state) {
        synchronized (state) {
            if (state.login() != null) {
                logoutLocked(state);
            }
        }
    }

    long adoptTokenObject(ObjectRecord record) {
        long h = core.handles().next();
        objects.put(h, record);
        return h;
    }

    void registerSessionObject(ObjectRecord record) {
        objects.put(record.serial(), record);
    }

    void forgetHandle(long handle) {
        objects.remove(handle);
    }

    /** The token forgot its login: this application is logged out of it, as by C_Logout. */
    void loginLost(TokenRuntime token) {
        AppTokenState state = tokens.get(token);
        if (state == null) {
            return;
        }
        synchronized (state) {
            if (state.login() != null) {
                logoutLocked(state);
            }
        }
    }

    void tokenGone(TokenRuntime token) {
        AppTokenState state = tokens.remove(token);
        if (state != null) {
            closeAll(state);
        }
    }

    private AppTokenState stateFor(TokenRuntime t) {
        return tokens.computeIfAbsent(t, x -> new AppTokenState(this, x, core.stores()));
    }

    private void closeAll(AppTokenState state) {
        for (SessionImpl s : List.copyOf(state.sessions().values())) {
            sessions.remove(s.handle());
            close(s);
        }
        for (Long h : new ArrayList<>(state.tokenObjectHandles())) {
            objects.remove(h);
        }
        state.close();
    }

    /**
     * Closes a session already removed from the application's table: waits for a call in
     * progress, destroys the session objects it created, and when it was the application's last
     * session with the token, returns the application to the public state (C_CloseSession).
     */
    private void close(SessionImpl s) {
        s.closeAndDrain();
        AppTokenState state = s.owner();
        for (ObjectRecord r : s.objects().snapshot()) {
            objectFunctions.destroySessionObject(state, r);
        }
        synchronized (state) {
            state.sessions().remove(s.handle());
            s.token().sessionClosed(s);
            if (state.sessions().isEmpty() && state.login() != null) {
                logoutLocked(state);
            }
        }
    }

    private void checkInitialized() {
        if (finalized) {
            throw Ck.fail(CKR.CRYPTOKI_NOT_INITIALIZED);
        }
    }

    private static TokenInfo withFlags(TokenInfo i, long flags) {
        return new TokenInfo(i.label(), i.manufacturerId(), i.model(), i.serialNumber(), flags, i.maxSessionCount(),
                i.sessionCount(), i.maxRwSessionCount(), i.rwSessionCount(), i.maxPinLen(), i.minPinLen(),
                i.totalPublicMemory(), i.freePublicMemory(), i.totalPrivateMemory(), i.freePrivateMemory(),
                i.hardwareVersion(), i.firmwareVersion(), i.utcTime());
    }

    @Override
    public String toString() {
        return "Application[" + name + (finalized ? ", finalized" : "") + "]";
    }
}
