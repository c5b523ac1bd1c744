package org.p11plug.card.soft.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkException;
import org.p11plug.api.CkVersion;
import org.p11plug.api.TokenInfo;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CK;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKR;
import org.p11plug.spi.crypto.SoftwareCrypto;
import org.p11plug.spi.store.KeyEncryptionKey;
import org.p11plug.spi.store.StoredValue;
import org.p11plug.spi.token.BackendToken;
import org.p11plug.spi.token.LoginTicket;
import org.p11plug.spi.token.TokenObject;
import org.p11plug.spi.token.TokenObjectListener;
import org.p11plug.spi.token.TokenObjectStore;

/**
 * One software token: a directory holding its meta, PIN counters and sealed objects.
 *
 * <p>PINs: each PIN derives (Argon2id, own salt) a key that wraps the token key; a PIN is right
 * when its key opens the wrapped token key, so no PIN or PIN hash is stored, and C_InitPIN /
 * C_SetPIN re-wrap the same token key, keeping every private object. The failure counter is
 * raised and fsynced before the derivation runs and cleared after a success, so killing the
 * process during a check counts as a failure.
 *
 * <p>Objects: private objects are sealed (AES-256-GCM) under the token key, public ones under the
 * public-object key; both bind the token serial, object id and privacy as associated data, so a
 * file cannot be moved to another identity. Private objects are decrypted into memory when a user
 * logs in and erased when the last user logs out.
 */
final class SoftToken implements BackendToken, TokenObjectStore {
    private static final Logger LOG = Logger.getLogger(SoftToken.class.getName());
    private static final SecureRandom RANDOM = SoftwareCrypto.random();
    private static final CkVersion VERSION = new CkVersion(0, 1);

    private final SoftTokenSettings settings;
    private final TokenDirectory files;
    private final DirectSecret kek;
    private final Map<Long, SoftObject> objects = new ConcurrentHashMap<>();
    private final List<TokenObjectListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<Ticket> tickets = ConcurrentHashMap.newKeySet();
    private TokenMeta meta;
    private PinCounters counters;
    private @Nullable DirectSecret tokenKey;
    private boolean privateLoaded;

    /** A login of one application; closing it is that application's logout. */
    private final class Ticket implements LoginTicket {
        private final UserType type;
        private volatile boolean open = true;

        Ticket(UserType type) {
            this.type = type;
        }

        @Override
        public UserType userType() {
            return type;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                release(this);
            }
        }
    }

    private SoftToken(SoftTokenSettings settings, TokenDirectory files, TokenMeta meta) throws IOException {
        this.settings = settings;
        this.files = files;
        this.meta = meta;
        this.counters = files.readCounters();
        byte[] k = Sealer.randomBytes(32);
        this.kek = new DirectSecret(k);
        Arrays.fill(k, (byte) 0);
        for (long id : files.objectIds(meta.generation())) {
            byte[] sealed = files.readObject(id, meta.generation());
            if (!isPrivateFile(sealed)) {
                SoftObject o = openOrSkip(id, false, sealed, meta.publicObjectKey());
                if (o != null) {
                    objects.put(id, o);
                }
            }
        }
    }

    /** Opens the token in {@code directory}, creating an uninitialized one on first use. */
    static SoftToken open(SoftTokenSettings settings, java.nio.file.Path directory) throws IOException {
        TokenDirectory files = TokenDirectory.open(directory);
        try {
            TokenMeta meta = files.readMeta();
            if (meta == null) {
                meta = TokenMeta.fresh(HexFormat.of().withUpperCase().formatHex(Sealer.randomBytes(8)));
                files.writeMeta(meta);
            }
            return new SoftToken(settings, files, meta);
        } catch (IOException | RuntimeException e) {
            files.close();
            throw e;
        }
    }

    // ---- info ----

    @Override
    public synchronized TokenInfo info() {
        long flags = CKF.LOGIN_REQUIRED;
        if (meta.initialized()) {
            flags |= CKF.TOKEN_INITIALIZED;
        }
        if (meta.user().present()) {
            flags |= CKF.USER_PIN_INITIALIZED;
        }
        flags |= counterFlags(counters.userFailures(), settings.userPinRetries(), CKF.USER_PIN_COUNT_LOW,
                CKF.USER_PIN_FINAL_TRY, CKF.USER_PIN_LOCKED);
        flags |= counterFlags(counters.soFailures(), settings.soPinRetries(), CKF.SO_PIN_COUNT_LOW,
                CKF.SO_PIN_FINAL_TRY, CKF.SO_PIN_LOCKED);
        return new TokenInfo(meta.label(), "p11plug", "soft token", meta.serial(), flags,
                CK.EFFECTIVELY_INFINITE, CK.UNAVAILABLE_INFORMATION, CK.EFFECTIVELY_INFINITE,
                CK.UNAVAILABLE_INFORMATION, settings.maxPinLength(), settings.minPinLength(),
                CK.UNAVAILABLE_INFORMATION, CK.UNAVAILABLE_INFORMATION, CK.UNAVAILABLE_INFORMATION,
                CK.UNAVAILABLE_INFORMATION, VERSION, VERSION, "");
    }

    private static long counterFlags(int failures, int max, long low, long finalTry, long locked) {
        if (failures >= max) {
            return locked;
        }
        if (failures == max - 1) {
            return finalTry | (failures > 0 ? low : 0);
        }
        return failures > 0 ? low : 0;
    }

    // ---- PINs ----

    @Override
    public synchronized void initToken(byte[] soPin, String label) {
        checkNewPinLength(soPin);
        byte[] oldKey = meta.initialized() ? verify(UserType.SO, soPin) : null;
        byte[] newKey = Sealer.randomBytes(32);
        try {
            TokenMeta next = meta.initializedAs(label, wrap(newKey, soPin, "so"));
            List<SoftObject> survivors = new ArrayList<>();
            List<SoftObject> destroyed = new ArrayList<>();
            for (SoftObject o : allObjects(oldKey)) {
                (isDestroyable(o) ? destroyed : survivors).add(o);
            }
            for (SoftObject o : survivors) {
                files.writeObject(o.id(), next.generation(), seal(o.id(), o.isPrivate(), o.serializeWith(List.of()),
                        o.isPrivate() ? newKey : next.publicObjectKey()));
            }
            files.writeMeta(next);
            meta = next;
            setCounters(PinCounters.ZERO);
            files.objectIds(next.generation());
            for (SoftObject o : destroyed) {
                if (objects.remove(o.id()) != null) {
                    fireRemoved(o);
                }
                o.erase();
            }
            for (SoftObject o : survivors) {
                if (o.isPrivate() && !privateLoaded) {
                    o.erase();
                }
            }
        } catch (IOException e) {
            throw deviceError(e);
        } finally {
            Arrays.fill(newKey, (byte) 0);
            if (oldKey != null) {
                Arrays.fill(oldKey, (byte) 0);
            }
        }
    }

    @Override
    public synchronized LoginTicket login(UserType userType, byte[] pin) {
        byte[] key = verify(userType, pin);
        try {
            if (tokenKey == null) {
                tokenKey = new DirectSecret(key);
            }
            Ticket t = new Ticket(userType);
            tickets.add(t);
            if (userType == UserType.USER && !privateLoaded) {
                loadPrivateObjects();
            }
            return t;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public synchronized void reauthenticate(LoginTicket ticket, byte[] pin) {
        Arrays.fill(verify(ticket.userType(), pin), (byte) 0);
    }

    @Override
    public synchronized void initPin(LoginTicket so, byte[] newPin) {
        checkNewPinLength(newPin);
        DirectSecret key = tokenKey;
        if (so.userType() != UserType.SO || !tickets.contains(so) || key == null) {
            throw new CkException(CKR.USER_NOT_LOGGED_IN, "C_InitPIN needs the SO logged in");
        }
        try {
            TokenMeta next = meta.withUser(key.withKey(k -> wrap(k, newPin, "user")));
            files.writeMeta(next);
            meta = next;
            setCounters(counters.withUser(0));
        } catch (IOException e) {
            throw deviceError(e);
        }
    }

    @Override
    public synchronized void setPin(UserType userType, byte[] oldPin, byte[] newPin) {
        checkNewPinLength(newPin);
        byte[] key = verify(userType, oldPin);
        try {
            String role = userType == UserType.SO ? "so" : "user";
            TokenMeta.Wrapped w = wrap(key, newPin, role);
            TokenMeta next = userType == UserType.SO ? meta.withSo(w) : meta.withUser(w);
            files.writeMeta(next);
            meta = next;
        } catch (IOException e) {
            throw deviceError(e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Checks a PIN: counts the attempt (persisted first), derives its key, and opens the wrapped
     * token key with it. A PIN of impossible length is refused without counting: it cannot be
     * right, and refusing it costs an attacker nothing.
     *
     * @return the token key; the caller erases it
     */
    private byte[] verify(UserType userType, byte[] pin) {
        boolean so = userType == UserType.SO;
        TokenMeta.Wrapped w = so ? meta.so() : meta.user();
        if (!w.present()) {
            throw new CkException(so ? CKR.PIN_INCORRECT : CKR.USER_PIN_NOT_INITIALIZED);
        }
        int failures = so ? counters.soFailures() : counters.userFailures();
        int max = so ? settings.soPinRetries() : settings.userPinRetries();
        if (failures >= max) {
            throw new CkException(CKR.PIN_LOCKED);
        }
        if (pin.length < settings.minPinLength() || pin.length > settings.maxPinLength()) {
            throw new CkException(CKR.PIN_INCORRECT);
        }
        setCounters(so ? counters.withSo(failures + 1) : counters.withUser(failures + 1));
        byte[] pinKey = w.kdf().derive(pin, w.salt());
        try {
            byte[] key = Sealer.open(pinKey, meta.wrapIdentity(so ? "so" : "user"), w.wrappedKey());
            setCounters(so ? counters.withSo(0) : counters.withUser(0));
            return key;
        } catch (Sealer.SealBroken wrong) {
            throw new CkException(failures + 1 >= max ? CKR.PIN_LOCKED : CKR.PIN_INCORRECT);
        } finally {
            Arrays.fill(pinKey, (byte) 0);
        }
    }

    private TokenMeta.Wrapped wrap(byte[] key, byte[] pin, String role) {
        byte[] salt = Sealer.randomBytes(16);
        PinKdf kdf = settings.kdf();
        byte[] pinKey = kdf.derive(pin, salt);
        try {
            return new TokenMeta.Wrapped(kdf, salt, Sealer.seal(pinKey, meta.wrapIdentity(role), key));
        } finally {
            Arrays.fill(pinKey, (byte) 0);
        }
    }

    private void checkNewPinLength(byte[] pin) {
        if (pin.length < settings.minPinLength() || pin.length > settings.maxPinLength()) {
            throw new CkException(CKR.PIN_LEN_RANGE,
                    "PINs are " + settings.minPinLength() + " to " + settings.maxPinLength() + " bytes");
        }
    }

    private void setCounters(PinCounters next) {
        try {
            files.writeCounters(next);
            counters = next;
        } catch (IOException e) {
            throw deviceError(e);
        }
    }

    private synchronized void release(Ticket t) {
        tickets.remove(t);
        if (tickets.stream().noneMatch(x -> x.userType() == UserType.USER) && privateLoaded) {
            unloadPrivateObjects();
        }
        if (tickets.isEmpty() && tokenKey != null) {
            tokenKey.destroy();
            tokenKey = null;
        }
    }

    // ---- objects ----

    @Override
    public TokenObjectStore objects() {
        return this;
    }

    @Override
    public Collection<? extends TokenObject> list() {
        return List.copyOf(objects.values());
    }

    @Override
    public synchronized TokenObject create(List<StoredValue> values, boolean isPrivate) {
        long id = RANDOM.nextLong();
        while (objects.containsKey(id)) {
            id = RANDOM.nextLong();
        }
        SoftObject o = new SoftObject(id, isPrivate, this, values);
        try {
            write(o, List.of());
        } catch (IOException e) {
            o.erase();
            throw deviceError(e);
        }
        objects.put(id, o);
        return o;
    }

    @Override
    public synchronized void destroy(TokenObject object) {
        SoftObject o = objects.remove(object.id());
        if (o == null) {
            return;
        }
        try {
            files.deleteObject(o.id(), meta.generation());
        } catch (IOException e) {
            objects.put(o.id(), o);
            throw deviceError(e);
        }
        o.erase();
    }

    synchronized void persistUpdate(SoftObject o, List<StoredValue> changes) {
        try {
            write(o, changes);
        } catch (IOException e) {
            throw deviceError(e);
        }
        o.applyPersisted(changes);
    }

    @Override
    public void addListener(TokenObjectListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(TokenObjectListener listener) {
        listeners.remove(listener);
    }

    private void loadPrivateObjects() {
        byte[] key = tokenKey.withKey(byte[]::clone);
        try {
            for (long id : files.objectIds(meta.generation())) {
                byte[] sealed = files.readObject(id, meta.generation());
                SoftObject o = isPrivateFile(sealed) && !objects.containsKey(id) ? openOrSkip(id, true, sealed, key) : null;
                if (o != null) {
                    objects.put(id, o);
                    for (TokenObjectListener l : listeners) {
                        l.added(o);
                    }
                }
            }
            privateLoaded = true;
        } catch (IOException e) {
            throw deviceError(e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private void unloadPrivateObjects() {
        for (SoftObject o : List.copyOf(objects.values())) {
            if (o.isPrivate()) {
                objects.remove(o.id());
                fireRemoved(o);
                o.erase();
            }
        }
        privateLoaded = false;
    }

    /** Every object, private ones decrypted with {@code key} when they are not loaded (C_InitToken). */
    private List<SoftObject> allObjects(byte @Nullable [] key) throws IOException {
        List<SoftObject> all = new ArrayList<>(objects.values());
        if (!privateLoaded && key != null) {
            for (long id : files.objectIds(meta.generation())) {
                byte[] sealed = files.readObject(id, meta.generation());
                SoftObject o = isPrivateFile(sealed) ? openOrSkip(id, true, sealed, key) : null;
                if (o != null) {
                    all.add(o);
                }
            }
        }
        return all;
    }

    private static boolean isDestroyable(SoftObject o) {
        return !o.has(CKA.DESTROYABLE) || o.read(CKA.DESTROYABLE)[0] != 0;
    }

    private void fireRemoved(SoftObject o) {
        for (TokenObjectListener l : listeners) {
            l.removed(o);
        }
    }

    // ---- sealing ----

    /** File layout: one byte (1 = private), then the GCM blob. */
    private byte[] seal(long id, boolean isPrivate, byte[] plaintext, byte[] key) {
        try {
            byte[] blob = Sealer.seal(key, identity(id, isPrivate), plaintext);
            byte[] file = new byte[1 + blob.length];
            file[0] = (byte) (isPrivate ? 1 : 0);
            System.arraycopy(blob, 0, file, 1, blob.length);
            return file;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private SoftObject openObject(long id, boolean isPrivate, byte[] file, byte[] key) throws IOException {
        byte[] plain;
        try {
            plain = Sealer.open(key, identity(id, isPrivate), Arrays.copyOfRange(file, 1, file.length));
        } catch (Sealer.SealBroken e) {
            throw new IOException("object " + Long.toHexString(id) + " failed authentication", e);
        }
        try {
            return new SoftObject(id, isPrivate, this, SoftObject.deserialize(plain));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * One damaged or tampered object file must not take the whole token down: it is left on
     * disk untouched, reported, and not offered.
     */
    private @Nullable SoftObject openOrSkip(long id, boolean isPrivate, byte[] file, byte[] key) {
        try {
            return openObject(id, isPrivate, file, key);
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "soft token {0}: {1}; the object is not offered", new Object[] {meta.serial(), e.getMessage()});
            return null;
        }
    }

    private static boolean isPrivateFile(byte[] file) {
        return file.length > 0 && file[0] == 1;
    }

    private byte[] identity(long id, boolean isPrivate) {
        return ("p11plug-object-v1|" + meta.serial() + "|" + Long.toHexString(id) + "|" + isPrivate)
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Seals an object (with pending changes) under its key and writes it: private objects need the
     * token key (a user is logged in), public ones use the public-object key.
     */
    private void write(SoftObject o, List<StoredValue> changes) throws IOException {
        byte[] plaintext = o.serializeWith(changes);
        byte[] file;
        if (o.isPrivate()) {
            DirectSecret key = tokenKey;
            if (key == null) {
                Arrays.fill(plaintext, (byte) 0);
                throw new CkException(CKR.USER_NOT_LOGGED_IN, "private objects need the token unlocked");
            }
            file = key.withKey(k -> seal(o.id(), true, plaintext, k));
        } else {
            file = seal(o.id(), false, plaintext, meta.publicObjectKey());
        }
        files.writeObject(o.id(), meta.generation(), file);
    }

    // ---- lifecycle ----

    @Override
    public KeyEncryptionKey keyEncryptionKey() {
        return kek;
    }

    /** The token leaves: keys erased, objects erased, directory unlocked. */
    synchronized void close() {
        kek.destroy();
        if (tokenKey != null) {
            tokenKey.destroy();
            tokenKey = null;
        }
        tickets.clear();
        for (SoftObject o : objects.values()) {
            o.erase();
        }
        objects.clear();
        try {
            files.close();
        } catch (IOException ignored) {
            // Releasing a lock on a closing channel cannot lose data.
        }
    }

    private static CkException deviceError(IOException e) {
        return new CkException(CKR.DEVICE_ERROR, "token storage: " + e.getMessage(), e);
    }
}
