package org.p11plug.engine.internal.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CKR;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.object.ObjectIndex;
import org.p11plug.engine.internal.object.ObjectRecord;
import org.p11plug.spi.store.KeyEncryptionKey;
import org.p11plug.spi.store.PartitionContext;
import org.p11plug.spi.store.SessionObjectStore;
import org.p11plug.spi.store.StorePartition;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;
import org.p11plug.spi.token.LoginTicket;

/**
 * What one application holds with one token: its login state (shared by all its sessions with
 * the token, as PKCS#11 requires), its sessions, its session objects with their find index and
 * store partition, and the handles it was given for token objects.
 */
public final class AppTokenState {
    private static final Logger LOG = Logger.getLogger(AppTokenState.class.getName());

    private final ApplicationImpl app;
    private final TokenRuntime token;
    private final StoreBinding stores;
    private final Map<Long, SessionImpl> sessions = new ConcurrentHashMap<>();
    private final ObjectIndex sessionObjects = new ObjectIndex();
    private final ConcurrentHashMap<ObjectRecord, Long> tokenObjectHandles = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock partitionLock = new ReentrantReadWriteLock();
    private volatile @Nullable StorePartition partition;
    private @Nullable SessionObjectStore partitionStore;
    private volatile @Nullable UserType login;
    private @Nullable LoginTicket ticket;

    AppTokenState(ApplicationImpl app, TokenRuntime token, StoreBinding stores) {
        this.app = app;
        this.token = token;
        this.stores = stores;
    }

    public TokenRuntime token() {
        return token;
    }

    public ApplicationImpl app() {
        return app;
    }

    /** The user logged in for this application, or null for public sessions. */
    public @Nullable UserType login() {
        return login;
    }

    public boolean userLoggedIn() {
        return login == UserType.USER;
    }

    public boolean soLoggedIn() {
        return login == UserType.SO;
    }

    synchronized @Nullable LoginTicket ticket() {
        return ticket;
    }

    synchronized void loggedIn(LoginTicket newTicket) {
        this.ticket = newTicket;
        this.login = newTicket.userType();
    }

    /** Returns to public sessions; the caller has already cleaned up private objects. */
    synchronized void loggedOut() {
        LoginTicket t = ticket;
        ticket = null;
        login = null;
        if (t != null) {
            t.close();
        }
    }

    public Map<Long, SessionImpl> sessions() {
        return sessions;
    }

    public ObjectIndex sessionObjects() {
        return sessionObjects;
    }

    /** This application's handle for a token object, allocated on first sight. */
    long handleFor(ObjectRecord tokenObject) {
        return tokenObjectHandles.computeIfAbsent(tokenObject, r -> app.adoptTokenObject(r));
    }

    /** This application's handle for a token object it has seen, or null. */
    @Nullable Long handleIfKnown(ObjectRecord tokenObject) {
        return tokenObjectHandles.get(tokenObject);
    }

    /** Forgets the handles of private token objects, for good (C_Logout). */
    void dropPrivateTokenHandles() {
        tokenObjectHandles.entrySet().removeIf(e -> {
            if (e.getKey().isPrivate()) {
                app.forgetHandle(e.getValue());
                return true;
            }
            return false;
        });
    }

    void forgetTokenObject(ObjectRecord record) {
        Long h = tokenObjectHandles.remove(record);
        if (h != null) {
            app.forgetHandle(h);
        }
    }

    Collection<Long> tokenObjectHandles() {
        return tokenObjectHandles.values();
    }

    // ---- session-object storage ----

    /**
     * Stores a new session object's values in the bound store and files the record made for
     * them in this application's index, both under the partition's read lock: a migration
     * (which holds the write lock and moves what the index lists) sees the object either not
     * yet stored or stored and listed, never stored in the old partition but missing from the
     * index, which would lose it when the old partition closes.
     */
    ObjectRecord store(long serial, List<StoredValue> values, Function<StoredObject, ObjectRecord> record) {
        while (true) {
            StorePartition p = partition;
            if (p == null) {
                p = openPartition();
            }
            partitionLock.readLock().lock();
            try {
                if (partition == p) {
                    ObjectRecord r = record.apply(p.store(serial, values));
                    sessionObjects.add(r);
                    return r;
                }
            } finally {
                partitionLock.readLock().unlock();
            }
        }
    }

    /** Erases one session object's values, in whichever store holds them now. */
    void erase(ObjectRecord record) {
        partitionLock.readLock().lock();
        try {
            StorePartition p = partition;
            record.exclusive(() -> {
                if (p != null) {
                    p.destroy(record.stored());
                }
            });
        } finally {
            partitionLock.readLock().unlock();
        }
    }

    private StorePartition openPartition() {
        partitionLock.writeLock().lock();
        try {
            StorePartition p = partition;
            if (p != null) {
                return p;
            }
            SessionObjectStore store = stores.current()
                    .orElseThrow(() -> Ck.fail(CKR.DEVICE_MEMORY, "no session-object store is bound"));
            stores.register(this);
            p = store.openPartition(context());
            partitionStore = store;
            partition = p;
            return p;
        } finally {
            partitionLock.writeLock().unlock();
        }
    }

    /** Moves every session object into a partition of {@code store}, then closes the old partition. */
    void migrateTo(SessionObjectStore store) {
        partitionLock.writeLock().lock();
        try {
            StorePartition old = partition;
            if (old == null || partitionStore == store) {
                return;
            }
            StorePartition fresh = store.openPartition(context());
            for (ObjectRecord record : sessionObjects.all()) {
                StoredObject previous = record.migrate(o -> fresh.store(o.id(), o.copyAll()));
                old.destroy(previous);
            }
            old.close();
            partition = fresh;
            partitionStore = store;
        } finally {
            partitionLock.writeLock().unlock();
        }
    }

    /** The store is leaving unreplaced: its objects are erased and their handles invalidated. */
    void releaseStore(SessionObjectStore store) {
        List<ObjectRecord> lost = new ArrayList<>();
        partitionLock.writeLock().lock();
        try {
            if (partition == null || partitionStore != store) {
                return;
            }
            lost.addAll(sessionObjects.all());
            for (ObjectRecord r : lost) {
                r.markDestroyed();
            }
            partition.close();
            partition = null;
            partitionStore = null;
        } finally {
            partitionLock.writeLock().unlock();
        }
        for (ObjectRecord r : lost) {
            forgetSessionObject(r);
        }
        if (!lost.isEmpty()) {
            LOG.log(Level.WARNING, "{0} session objects of {1} were erased with their store",
                    new Object[] {lost.size(), app.name()});
        }
    }

    /** Removes a session object from every structure that refers to it (its values are erased separately). */
    void forgetSessionObject(ObjectRecord record) {
        sessionObjects.remove(record);
        SessionImpl owner = sessions.get(record.ownerSession());
        if (owner != null) {
            owner.objects().remove(record);
        }
        app.forgetHandle(record.serial());
    }

    /** Closes the partition, erasing anything left; the application is done with this token. */
    void close() {
        partitionLock.writeLock().lock();
        try {
            StorePartition p = partition;
            partition = null;
            partitionStore = null;
            if (p != null) {
                p.close();
            }
        } finally {
            partitionLock.writeLock().unlock();
        }
        stores.unregister(this);
        loggedOut();
    }

    private PartitionContext context() {
        String owner = app.name() + " / slot " + token.slotId();
        KeyEncryptionKey kek = token.backend().keyEncryptionKey();
        return new PartitionContext() {
            @Override
            public String owner() {
                return owner;
            }

            @Override
            public KeyEncryptionKey keyEncryptionKey() {
                return kek;
            }
        };
    }
}
