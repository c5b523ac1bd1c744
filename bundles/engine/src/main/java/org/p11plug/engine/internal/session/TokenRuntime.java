package org.p11plug.engine.internal.session;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.raw.Ulong;
import org.p11plug.engine.internal.Handles;
import org.p11plug.engine.internal.object.ObjectIndex;
import org.p11plug.engine.internal.object.ObjectRecord;
import org.p11plug.engine.internal.object.ObjectSchema;
import org.p11plug.engine.internal.object.Schemas;
import org.p11plug.spi.token.BackendToken;
import org.p11plug.spi.token.TokenObject;
import org.p11plug.spi.token.TokenObjectListener;

/**
 * A token while it is present: its backend, the engine's records of its token objects with their
 * find index, and every session any application has with it. Created when the token appears,
 * closed when it goes.
 */
public final class TokenRuntime implements TokenObjectListener {
    private static final Logger LOG = Logger.getLogger(TokenRuntime.class.getName());

    private final long slotId;
    private final BackendToken token;
    private final Handles handles;
    private final ObjectIndex index = new ObjectIndex();
    private final ConcurrentHashMap<TokenObject, ObjectRecord> records = new ConcurrentHashMap<>();
    private final Set<SessionImpl> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean removed;

    public TokenRuntime(long slotId, BackendToken token, Handles handles) {
        this.slotId = slotId;
        this.token = token;
        this.handles = handles;
        token.objects().addListener(this);
        for (TokenObject o : token.objects().list()) {
            added(o);
        }
    }

    public long slotId() {
        return slotId;
    }

    public BackendToken backend() {
        return token;
    }

    public ObjectIndex index() {
        return index;
    }

    public boolean isRemoved() {
        return removed;
    }

    /** Stops listening and drops the records; the sessions are closed by their applications. */
    public void remove() {
        removed = true;
        token.objects().removeListener(this);
        for (ObjectRecord r : records.values()) {
            r.markDestroyed();
        }
        records.clear();
    }

    public Collection<SessionImpl> sessions() {
        return sessions;
    }

    void sessionOpened(SessionImpl session) {
        sessions.add(session);
    }

    void sessionClosed(SessionImpl session) {
        sessions.remove(session);
    }

    public long sessionCount() {
        return sessions.size();
    }

    public long readWriteSessionCount() {
        return sessions.stream().filter(SessionImpl::isReadWrite).count();
    }

    /** The record of a token object the engine itself just created. */
    public ObjectRecord register(TokenObject object) {
        ObjectRecord record = recordFor(object);
        if (record == null) {
            throw new IllegalStateException("the backend created an object of a kind the engine does not model");
        }
        return record;
    }

    /** Forgets a destroyed token object. */
    public void unregister(ObjectRecord record) {
        record.markDestroyed();
        TokenObject object = record.tokenObject();
        if (object != null) {
            records.remove(object);
        }
        index.remove(record);
    }

    /** Re-files a token object after its indexed attributes changed. */
    public void reindex(ObjectRecord record) {
        index.update(record);
    }

    @Override
    public void added(TokenObject object) {
        recordFor(object);
    }

    @Override
    public void removed(TokenObject object) {
        ObjectRecord record = records.remove(object);
        if (record != null) {
            record.markDestroyed();
            index.remove(record);
        }
    }

    private @Nullable ObjectRecord recordFor(TokenObject object) {
        ObjectRecord existing = records.get(object);
        if (existing != null) {
            return existing;
        }
        long objectClass = Ulong.decode(object.read(CKA.CLASS));
        long subtypeAttribute = Schemas.subtypeAttribute(objectClass);
        long subtype = subtypeAttribute >= 0 && object.has(subtypeAttribute)
                ? Ulong.decode(object.read(subtypeAttribute)) : -1;
        ObjectSchema schema = Schemas.of(objectClass, subtype);
        if (schema == null) {
            LOG.log(Level.FINE, "token object {0} of an unmodelled kind is not offered", object.id());
            return null;
        }
        ObjectRecord record = ObjectRecord.tokenObject(handles.next(), schema, objectClass, object);
        ObjectRecord raced = records.putIfAbsent(object, record);
        if (raced != null) {
            return raced;
        }
        index.add(record);
        return record;
    }
}
