package org.p11plug.engine.internal.object;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.Ulong;
import org.p11plug.engine.internal.Ck;
import org.p11plug.spi.store.SecretFunction;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;
import org.p11plug.spi.token.TokenObject;

/**
 * The engine's view of one object: what it means (class, schema, the policy attributes and the
 * index keys, cached because every call consults them) and where its bytes are (a
 * {@link StoredObject} in a session-object store, or a {@link TokenObject} of a backend).
 *
 * <p>Reads of the stored values run under a read lock, writes and a store migration under the
 * write lock, so a hot swap of the session-object store never shows a reader a half-moved object.
 */
public final class ObjectRecord {
    private final long serial;
    private final ObjectSchema schema;
    private final long objectClass;
    private final long ownerSession;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile StoredObject stored;
    private volatile Policy policy;
    private volatile boolean destroyed;
    private static final Object[] NONE = {};
    /** Primitives prepared from the key, idle between operations (see {@link #takePrepared}): kind, primitive, ...; guarded by this. */
    private Object[] prepared = NONE;
    /** Links of its class's list in an {@link ObjectIndex}; guarded by the index's lock. */
    @Nullable ObjectRecord classPrev;
    @Nullable ObjectRecord classNext;
    /** Links of the owner session's {@link SessionObjectList}; guarded by that list's lock. */
    @Nullable SessionObjectList listedIn;
    @Nullable ObjectRecord listPrev;
    @Nullable ObjectRecord listNext;
    /** The keys an {@link ObjectIndex} filed this object under, and which index: no side map needed. */
    private volatile @Nullable ObjectIndex indexedIn;
    private ObjectIndex.Key @Nullable [] indexKeys;
    /** Public facts computed from the key (see {@link #derivedPublic}); never a secret. */
    private volatile Object[] publicFacts = NONE;

    /** The attributes every call consults, read once per change. */
    public record Policy(
            boolean token,
            boolean isPrivate,
            boolean modifiable,
            boolean copyable,
            boolean destroyable,
            boolean sensitive,
            boolean extractable,
            boolean trusted,
            long keyType,
            byte @Nullable [] label,
            byte @Nullable [] id,
            int usage,
            long @Nullable [] allowedMechanisms,
            boolean alwaysAuthenticate) {
        /** The usage attributes, in the order of the {@link #usage} bits. */
        private static final long[] USAGE = {CKA.ENCRYPT, CKA.DECRYPT, CKA.SIGN, CKA.VERIFY, CKA.WRAP, CKA.UNWRAP,
            CKA.DERIVE, CKA.SIGN_RECOVER, CKA.VERIFY_RECOVER};

        /** Whether a usage attribute (CKA_SIGN, CKA_ENCRYPT, ...) is present and true. */
        public boolean permits(long usageAttribute) {
            int bit = usageBit(usageAttribute);
            return bit >= 0 && (usage & (1 << bit)) != 0;
        }

        static int usageBit(long type) {
            for (int i = 0; i < USAGE.length; i++) {
                if (USAGE[i] == type) {
                    return i;
                }
            }
            return -1;
        }

        /** Whether CKA_ALLOWED_MECHANISMS, when set, lists the mechanism. */
        public boolean allows(long mechanism) {
            if (allowedMechanisms == null) {
                return true;
            }
            for (long m : allowedMechanisms) {
                if (m == mechanism) {
                    return true;
                }
            }
            return false;
        }
    }

    private ObjectRecord(long serial, ObjectSchema schema, long objectClass, long ownerSession, StoredObject stored,
            Policy policy) {
        this.serial = serial;
        this.schema = schema;
        this.objectClass = objectClass;
        this.ownerSession = ownerSession;
        this.stored = stored;
        this.policy = policy;
    }

    /** A session object, owned by the session that created it. */
    public static ObjectRecord sessionObject(long serial, ObjectSchema schema, long objectClass, long ownerSession,
            StoredObject stored) {
        return new ObjectRecord(serial, schema, objectClass, ownerSession, stored, readPolicy(stored));
    }

    /**
     * A session object just stored, with the policy of the values it was stored with (taken
     * before the store took them: a store may transform what it is given).
     */
    public static ObjectRecord sessionObject(long serial, ObjectSchema schema, long objectClass, long ownerSession,
            StoredObject stored, Policy policy) {
        return new ObjectRecord(serial, schema, objectClass, ownerSession, stored, policy);
    }

    /** A token object; its identity is the backend's object. */
    public static ObjectRecord tokenObject(long serial, ObjectSchema schema, long objectClass, TokenObject object) {
        return new ObjectRecord(serial, schema, objectClass, 0, object, readPolicy(object));
    }

    /** Engine-wide identity: never reused while the engine runs. */
    public long serial() {
        return serial;
    }

    public ObjectSchema schema() {
        return schema;
    }

    public long objectClass() {
        return objectClass;
    }

    /** The session handle that owns a session object; 0 for token objects. */
    public long ownerSession() {
        return ownerSession;
    }

    public Policy policy() {
        return policy;
    }

    public boolean isToken() {
        return policy.token();
    }

    public boolean isPrivate() {
        return policy.isPrivate();
    }

    /** @return the backend object of a token object, else null */
    public @Nullable TokenObject tokenObject() {
        return stored instanceof TokenObject t ? t : null;
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    /**
     * A public value derived from this key, computed once per {@code kind}: the public half of
     * an EdDSA private key (which every signature needs and which costs a scalar
     * multiplication), the parsed curve, the key size. Only public facts belong here; key
     * material is always read through the store. What they derive from is not modifiable
     * once the key exists, so they never go stale.
     */
    @SuppressWarnings("unchecked")
    public <T> T derivedPublic(Object kind, Function<ObjectRecord, T> derive) {
        Object[] facts = publicFacts; // kind, value, kind, value, ...: a handful per key
        for (int i = 0; i < facts.length; i += 2) {
            if (facts[i].equals(kind)) {
                return (T) facts[i + 1];
            }
        }
        T value = derive.apply(this);
        synchronized (this) {
            Object[] now = publicFacts;
            for (int i = 0; i < now.length; i += 2) {
                if (now[i].equals(kind)) {
                    return (T) now[i + 1]; // another thread derived it meanwhile
                }
            }
            Object[] more = Arrays.copyOf(now, now.length + 2);
            more[now.length] = kind;
            more[now.length + 1] = value;
            publicFacts = more; // copy on write: readers scan a complete array without locking
        }
        return value;
    }

    /**
     * An idle primitive prepared from this key for {@code kind} (a JDK cipher already holding
     * the key's schedule), or null: the caller prepares one and offers it back with
     * {@link #givePrepared} when its operation ends. One idle primitive per kind; concurrent
     * operations each get their own.
     */
    public synchronized @Nullable Object takePrepared(Object kind) {
        Object[] slots = prepared;
        for (int i = 0; i < slots.length; i += 2) {
            if (slots[i] != null && slots[i].equals(kind)) {
                Object primitive = slots[i + 1];
                slots[i] = null;
                slots[i + 1] = null;
                return primitive;
            }
        }
        return null;
    }

    /**
     * Keeps a prepared primitive for the next operation with this key, if the store allows it
     * ({@link StoredObject#allowsPreparedKeys}) and the key still exists; otherwise drops it.
     */
    public synchronized void givePrepared(Object kind, Object primitive) {
        if (destroyed || !stored.allowsPreparedKeys()) {
            return;
        }
        Object[] slots = prepared;
        int free = -1;
        for (int i = 0; i < slots.length; i += 2) {
            if (slots[i] == null) {
                free = free < 0 ? i : free;
            } else if (slots[i].equals(kind)) {
                return; // one idle primitive per kind is enough
            }
        }
        if (free < 0) {
            free = slots.length;
            slots = Arrays.copyOf(slots, slots.length + 4);
            prepared = slots;
        }
        slots[free] = kind;
        slots[free + 1] = primitive;
    }

    /** Whether {@code index} holds this object (written only under the index's lock). */
    boolean indexedIn(ObjectIndex index) {
        return indexedIn == index;
    }

    /**
     * Records (or, with null, takes back) the keys {@code index} filed this object under. Called
     * only by the index, under its lock. An object is in at most one index at a time (its
     * application's session objects or its token's objects).
     *
     * @return the keys recorded before, when they were recorded by the same index
     */
    ObjectIndex.Key @Nullable [] indexKeys(ObjectIndex index, ObjectIndex.Key @Nullable [] keys) {
        if (keys != null && indexedIn != null && indexedIn != index) {
            throw new IllegalStateException(this + " is filed in another index");
        }
        ObjectIndex.Key[] before = indexedIn == index ? indexKeys : null;
        indexedIn = keys == null ? null : index;
        indexKeys = keys;
        return before;
    }

    /** Marks the object gone; later use answers CKR_OBJECT_HANDLE_INVALID. Prepared primitives go with it. */
    public void markDestroyed() {
        destroyed = true;
        dropPrepared();
    }

    private synchronized void dropPrepared() {
        prepared = NONE;
    }

    /**
     * Whether the attribute may be revealed: footnote 7 attributes stay hidden while the object
     * is sensitive or unextractable.
     */
    public boolean isHidden(long type) {
        AttributeSpec spec = schema.spec(type);
        return spec != null && spec.isSecret() && (policy.sensitive() || !policy.extractable());
    }

    public boolean has(long type) {
        return read(s -> s.has(type));
    }

    /** Byte-for-byte match of one attribute; hidden attributes never match (no oracle on secrets). */
    public boolean matches(long type, byte[] expected) {
        if (isHidden(type)) {
            return false;
        }
        return read(s -> s.has(type) && (s.isSecret(type)
                ? s.withSecret(type, v -> java.security.MessageDigest.isEqual(v, expected))
                : s.matches(type, expected)));
    }

    /** Runs a read against the stored values. */
    public <R> R read(Function<StoredObject, R> reader) {
        lock.readLock().lock();
        try {
            checkAlive();
            return reader.apply(stored);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Lends one value (secret or not) for one call. */
    public <R> R withValue(long type, SecretFunction<R> use) {
        return read(s -> s.withSecret(type, use));
    }

    /** @return a copy of a value, secret or not (the caller owns and erases it) */
    public byte[] copyValue(long type) {
        return read(s -> s.isSecret(type) ? s.withSecret(type, byte[]::clone) : s.read(type));
    }

    /** Applies new values (already validated) in one store update, and refreshes the cached policy. */
    public void update(List<StoredValue> values) {
        lock.writeLock().lock();
        try {
            checkAlive();
            stored.update(values);
            policy = readPolicy(stored);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Moves a session object's values to another store: copies them into the target (through
     * {@code copier}), then lets the caller erase the old. Runs under the write lock.
     *
     * @return the previous stored object, for the caller to destroy in its partition
     */
    public StoredObject migrate(Function<StoredObject, StoredObject> copier) {
        lock.writeLock().lock();
        try {
            StoredObject old = stored;
            stored = copier.apply(old);
            dropPrepared(); // the new store may not allow them
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Runs {@code action} with no reader active, for erasure. */
    public void exclusive(Runnable action) {
        lock.writeLock().lock();
        try {
            action.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public StoredObject stored() {
        return stored;
    }

    private void checkAlive() {
        if (destroyed) {
            throw Ck.fail(CKR.OBJECT_HANDLE_INVALID, "object was destroyed");
        }
    }

    /** The policy in one pass over the stored values (it is read on every change). */
    private static Policy readPolicy(StoredObject s) {
        PolicyReader p = new PolicyReader();
        for (long type : s.types()) {
            if (p.wants(type) && !s.isSecret(type)) {
                p.accept(type, s.read(type));
            }
        }
        return p.policy();
    }

    /** The policy of values about to be stored, without reading them back from the store. */
    public static Policy policyOf(List<StoredValue> values) {
        PolicyReader p = new PolicyReader();
        for (int i = 0, n = values.size(); i < n; i++) {
            StoredValue v = values.get(i);
            if (p.wants(v.type()) && !v.secret()) {
                p.accept(v.type(), v.value().clone());
            }
        }
        return p.policy();
    }

    /** Collects the attributes a {@link Policy} caches; values handed to it are its own. */
    private static final class PolicyReader {
        private boolean token;
        private boolean isPrivate;
        private boolean modifiable = true;
        private boolean copyable = true;
        private boolean destroyable = true;
        private boolean sensitive;
        private boolean extractable = true;
        private boolean trusted;
        private boolean alwaysAuthenticate;
        private long keyType = -1;
        private byte @Nullable [] label;
        private byte @Nullable [] id;
        private long @Nullable [] allowed;
        private int usage;

        /** What each standard attribute type below 1024 is to a policy: 0 nothing, 1 wanted. */
        private static final boolean[] WANTED = new boolean[1024];

        static {
            for (long t : new long[] {CKA.LABEL, CKA.ID, CKA.KEY_TYPE, CKA.TOKEN, CKA.PRIVATE, CKA.MODIFIABLE,
                CKA.COPYABLE, CKA.DESTROYABLE, CKA.SENSITIVE, CKA.EXTRACTABLE, CKA.TRUSTED, CKA.ALWAYS_AUTHENTICATE}) {
                WANTED[(int) t] = true;
            }
            for (long t : Policy.USAGE) {
                WANTED[(int) t] = true;
            }
        }

        boolean wants(long type) {
            return type >= 0 && type < WANTED.length ? WANTED[(int) type] : type == CKA.ALLOWED_MECHANISMS;
        }

        void accept(long type, byte[] v) {
            if (type == CKA.LABEL) {
                label = v;
            } else if (type == CKA.ID) {
                id = v;
            } else if (type == CKA.KEY_TYPE) {
                keyType = Ulong.decode(v);
            } else if (type == CKA.ALLOWED_MECHANISMS) {
                allowed = v.length > 0 ? Ulong.decodeArray(v) : null;
            } else if (v.length == 1) {
                flag(type, v[0] != 0);
            }
        }

        private void flag(long type, boolean value) {
            if (type == CKA.TOKEN) {
                token = value;
            } else if (type == CKA.PRIVATE) {
                isPrivate = value;
            } else if (type == CKA.MODIFIABLE) {
                modifiable = value;
            } else if (type == CKA.COPYABLE) {
                copyable = value;
            } else if (type == CKA.DESTROYABLE) {
                destroyable = value;
            } else if (type == CKA.SENSITIVE) {
                sensitive = value;
            } else if (type == CKA.EXTRACTABLE) {
                extractable = value;
            } else if (type == CKA.TRUSTED) {
                trusted = value;
            } else if (type == CKA.ALWAYS_AUTHENTICATE) {
                alwaysAuthenticate = value;
            } else if (value) {
                usage |= 1 << Policy.usageBit(type);
            }
        }

        Policy policy() {
            return new Policy(token, isPrivate, modifiable, copyable, destroyable, sensitive, extractable, trusted,
                    keyType, label, id, usage, allowed, alwaysAuthenticate);
        }
    }

    /** Identity, with a hash from the serial: cheaper than the identity hash for the index's sets. */
    @Override
    public int hashCode() {
        return Long.hashCode(serial * 0x9E3779B97F4A7C15L);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public String toString() {
        return "ObjectRecord[" + serial + ", " + schema.name() + (policy.token() ? ", token" : ", session")
                + (destroyed ? ", destroyed" : "") + "]";
    }
}
