package org.p11plug.engine.internal.session;

import java.util.ArrayList;
import java.util.List;
import org.p11plug.api.AttributeKind;
import org.p11plug.api.CkException;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.AttributeRequest;
import org.p11plug.api.raw.AttributeResult;
import org.p11plug.api.raw.AttributeResults;
import org.p11plug.api.raw.Output;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.crypto.KeyMaterial;
import org.p11plug.engine.internal.object.FindTemplate;
import org.p11plug.engine.internal.object.NestedTemplates;
import org.p11plug.engine.internal.object.ObjectRecord;
import org.p11plug.engine.internal.object.ObjectRules;
import org.p11plug.engine.internal.object.ParsedTemplate;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;
import org.p11plug.spi.token.TokenObject;

/**
 * The object management functions of one application (C_CreateObject through
 * C_FindObjectsFinal), applying {@link ObjectRules} and the session's rights from the Usage
 * Guide's access table: read-only sessions may change session objects only, private objects
 * need the user logged in.
 */
final class ObjectFunctions {
    private final ApplicationImpl app;
    private final EngineCore core;

    ObjectFunctions(ApplicationImpl app, EngineCore core) {
        this.app = app;
        this.core = core;
    }

    long create(SessionImpl s, RawAttribute[] template) {
        ParsedTemplate t = ParsedTemplate.parse(template);
        try {
            ObjectRules.NewObject o = ObjectRules.create(t, s.owner().soLoggedIn(), core.uniqueIds().next());
            return materialize(s, KeyMaterial.complete(o, t.get(CKA.PUBLIC_KEY_INFO)));
        } finally {
            t.erase();
        }
    }

    long copy(SessionImpl s, long handle, RawAttribute[] template) {
        ObjectRecord source = app.resolve(s, handle, CKR.OBJECT_HANDLE_INVALID);
        ParsedTemplate t = ParsedTemplate.parse(template);
        try {
            if (!source.policy().copyable()) {
                throw Ck.fail(CKR.ACTION_PROHIBITED, "CKA_COPYABLE is false");
            }
            return materialize(s, ObjectRules.copy(source, t, s.owner().soLoggedIn(), core.uniqueIds().next()));
        } finally {
            t.erase();
        }
    }

    /**
     * Makes a validated object real, as a token object through the backend or as a session
     * object in the bound store, after checking the session may create it.
     *
     * @return the new object's handle
     */
    long materialize(SessionImpl s, ObjectRules.NewObject o) {
        try {
            checkRights(s, o.token(), o.isPrivate());
        } catch (CkException e) {
            eraseValues(o.values());
            throw e;
        }
        if (o.token()) {
            TokenObject created = s.token().backend().objects().create(o.values(), o.isPrivate());
            return s.owner().handleFor(s.token().register(created));
        }
        long serial = core.handles().next();
        ObjectRecord.Policy policy = ObjectRecord.policyOf(o.values());
        ObjectRecord r;
        try {
            r = s.owner().store(serial, o.values(),
                    stored -> ObjectRecord.sessionObject(serial, o.schema(), o.objectClass(), s.handle(), stored, policy));
        } catch (CkException e) {
            eraseValues(o.values());
            throw e;
        }
        s.objects().add(r);
        app.registerSessionObject(r);
        return serial;
    }

    void destroy(SessionImpl s, long handle) {
        ObjectRecord r = app.resolve(s, handle, CKR.OBJECT_HANDLE_INVALID);
        if (!r.policy().destroyable()) {
            throw Ck.fail(CKR.ACTION_PROHIBITED, "CKA_DESTROYABLE is false");
        }
        if (r.isToken()) {
            checkTokenWrite(s);
            TokenObject object = r.tokenObject();
            if (object != null) {
                s.token().backend().objects().destroy(object);
            }
            s.token().unregister(r);
            s.owner().forgetTokenObject(r);
        } else {
            destroySessionObject(s.owner(), r);
        }
    }

    /** Forgets a session object everywhere, then erases its values in its store. */
    void destroySessionObject(AppTokenState state, ObjectRecord r) {
        if (r.isDestroyed()) {
            return;
        }
        r.markDestroyed();
        state.forgetSessionObject(r);
        state.erase(r);
    }

    long size(SessionImpl s, long handle) {
        return app.resolve(s, handle, CKR.OBJECT_HANDLE_INVALID).read(StoredObject::size);
    }

    /**
     * C_GetAttributeValue's five cases for every requested attribute; sensitive, unknown and
     * too-small ones are reported per attribute while the others are still returned. When
     * several apply, CKR_ATTRIBUTE_SENSITIVE is reported before CKR_ATTRIBUTE_TYPE_INVALID before
     * CKR_BUFFER_TOO_SMALL.
     */
    AttributeResults getAttributes(SessionImpl s, long handle, AttributeRequest[] requests) {
        if (requests == null) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "template is null");
        }
        for (AttributeRequest q : requests) {
            if (q == null) {
                throw Ck.fail(CKR.ARGUMENTS_BAD, "template holds a null entry");
            }
        }
        ObjectRecord r = app.resolve(s, handle, CKR.OBJECT_HANDLE_INVALID);
        List<AttributeResult> results = new ArrayList<>(requests.length);
        boolean sensitive = false;
        boolean invalid = false;
        boolean tooSmall = false;
        for (AttributeRequest q : requests) {
            AttributeResult result = read(r, q);
            results.add(result);
            sensitive |= result.status() == CKR.ATTRIBUTE_SENSITIVE;
            invalid |= result.status() == CKR.ATTRIBUTE_TYPE_INVALID;
            tooSmall |= result.status() == CKR.BUFFER_TOO_SMALL;
        }
        long rv = sensitive ? CKR.ATTRIBUTE_SENSITIVE
                : invalid ? CKR.ATTRIBUTE_TYPE_INVALID
                : tooSmall ? CKR.BUFFER_TOO_SMALL : CKR.OK;
        return new AttributeResults(rv, results);
    }

    private static AttributeResult read(ObjectRecord r, AttributeRequest q) {
        long type = q.type();
        if (!r.schema().possesses(type)) {
            return AttributeResult.unavailable(type, CKR.ATTRIBUTE_TYPE_INVALID);
        }
        if (r.isHidden(type)) {
            return AttributeResult.unavailable(type, CKR.ATTRIBUTE_SENSITIVE);
        }
        boolean template = AttributeKind.of(type) == AttributeKind.TEMPLATE;
        return r.read(stored -> {
            if (!stored.has(type)) {
                return AttributeResult.unavailable(type, CKR.ATTRIBUTE_TYPE_INVALID);
            }
            List<RawAttribute> nested = template ? NestedTemplates.decode(stored.read(type)) : null;
            long length = nested != null ? (long) nested.size() * AttributeKind.C_ATTRIBUTE_SIZE : stored.length(type);
            if (q.capacity() == Output.NULL_BUFFER) {
                return new AttributeResult(type, CKR.OK, length, null, null);
            }
            if (q.capacity() < length) {
                return AttributeResult.unavailable(type, CKR.BUFFER_TOO_SMALL);
            }
            if (nested != null) {
                return new AttributeResult(type, CKR.OK, length, null, nested);
            }
            byte[] value = stored.isSecret(type) ? stored.withSecret(type, byte[]::clone) : stored.read(type);
            return new AttributeResult(type, CKR.OK, length, value, null);
        });
    }

    void setAttributes(SessionImpl s, long handle, RawAttribute[] template) {
        ObjectRecord r = app.resolve(s, handle, CKR.OBJECT_HANDLE_INVALID);
        ParsedTemplate t = ParsedTemplate.parse(template);
        try {
            if (!r.policy().modifiable()) {
                throw Ck.fail(CKR.ACTION_PROHIBITED, "CKA_MODIFIABLE is false");
            }
            if (r.isToken()) {
                checkTokenWrite(s);
            }
            List<StoredValue> changes = ObjectRules.modify(r, t, s.owner().soLoggedIn());
            byte[] publicKeyInfo = t.get(CKA.PUBLIC_KEY_INFO);
            if (publicKeyInfo != null) {
                KeyMaterial.checkPublicKeyInfo(r, publicKeyInfo);
            }
            if (changes.isEmpty()) {
                return;
            }
            r.update(changes);
            if (r.isToken()) {
                s.token().reindex(r);
            } else {
                s.owner().sessionObjects().update(r);
            }
        } finally {
            t.erase();
        }
    }

    void findInit(SessionImpl s, RawAttribute[] template) {
        if (s.find() != null) {
            throw Ck.fail(CKR.OPERATION_ACTIVE, "a search is already active in this session");
        }
        FindTemplate t = FindTemplate.parse(template);
        AppTokenState state = s.owner();
        boolean user = state.userLoggedIn();
        List<Long> found = new ArrayList<>();
        for (ObjectRecord r : s.token().index().candidates(t)) {
            if (visibleMatch(r, t, user)) {
                found.add(state.handleFor(r));
            }
        }
        for (ObjectRecord r : state.sessionObjects().candidates(t)) {
            if (visibleMatch(r, t, user)) {
                found.add(r.serial());
            }
        }
        s.setFind(new FindState(found.stream().mapToLong(Long::longValue).toArray()));
    }

    private static boolean visibleMatch(ObjectRecord r, FindTemplate t, boolean user) {
        if (r.isDestroyed() || (r.isPrivate() && !user)) {
            return false;
        }
        try {
            return t.matches(r);
        } catch (CkException destroyedMeanwhile) {
            return false;
        }
    }

    long[] find(SessionImpl s, int max) {
        FindState f = s.find();
        if (f == null) {
            throw Ck.fail(CKR.OPERATION_NOT_INITIALIZED, "no search is active (C_FindObjectsInit)");
        }
        if (max < 0) {
            throw Ck.fail(CKR.ARGUMENTS_BAD, "negative object count");
        }
        return f.next(max);
    }

    void findFinal(SessionImpl s) {
        if (s.find() == null) {
            throw Ck.fail(CKR.OPERATION_NOT_INITIALIZED, "no search is active");
        }
        s.setFind(null);
    }

    static void checkRights(SessionImpl s, boolean token, boolean isPrivate) {
        if (token) {
            checkTokenWrite(s);
        }
        if (isPrivate && !s.owner().userLoggedIn()) {
            throw Ck.fail(CKR.USER_NOT_LOGGED_IN, "private objects need the user logged in");
        }
    }

    private static void checkTokenWrite(SessionImpl s) {
        if (!s.isReadWrite()) {
            throw Ck.fail(CKR.SESSION_READ_ONLY, "token objects change only in R/W sessions");
        }
        if (s.token().backend().info().writeProtected()) {
            throw Ck.fail(CKR.TOKEN_WRITE_PROTECTED);
        }
    }

    private static void eraseValues(List<StoredValue> values) {
        for (StoredValue v : values) {
            java.util.Arrays.fill(v.value(), (byte) 0);
        }
    }
}
