package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.arrayContaining;
import static org.hamcrest.Matchers.arrayWithSize;
import static org.hamcrest.Matchers.emptyArray;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.p11plug.conformance.KeyMaterial.aes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.Application;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.raw.Pkcs11;

/**
 * Session objects live as long as the session that made it, and are seen only by their
 * application; private objects only while the user is logged in; C_Logout destroys private
 * session objects and invalidates handles to private objects for good (PKCS#11 3.1, C_Logout).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class ObjectLifetimeTest extends ConformanceTest {

    @Test
    void sessionObjectsAreSeenFromEverySessionOfTheApplication() {
        long a = openRw();
        long b = openRo();
        long h = p11.createObject(a, data("shared"));
        assertThat(label(b, h), is("shared"));
        assertThat(find(b, utf8(CKA.LABEL, "shared")), arrayContaining(h));
    }

    @Test
    void closingTheCreatingSessionDestroysItsObjects() {
        long a = openRw();
        long b = openRw();
        long h = p11.createObject(a, data("mine"));
        long other = p11.createObject(b, data("other"));
        p11.closeSession(a);
        assertCkr(CKR.OBJECT_HANDLE_INVALID, () -> label(b, h));
        assertThat(find(b, utf8(CKA.LABEL, "mine")), is(emptyArray()));
        assertThat(label(b, other), is("other"));
    }

    @Test
    void closeAllSessionsDestroysEverySessionObject() {
        requireTokenDataObjects();
        long a = openRw();
        p11.createObject(a, data("x"));
        long token = p11.createObject(a, data("kept", org.p11plug.api.raw.RawAttribute.ofBoolean(CKA.TOKEN, true)));
        p11.closeAllSessions(slot);
        long s = openRo();
        assertThat(find(s, utf8(CKA.LABEL, "x")), is(emptyArray()));
        assertThat(find(s, utf8(CKA.LABEL, "kept")), arrayWithSize(1));
        assertThat(fixture.engine().status().sessionObjectCount(), is(0L));
        assertThat(token, is(not(0L)));
    }

    @Test
    void otherApplicationsNeitherSeeNorReachSessionObjects() {
        requireTokenDataObjects();
        long a = openRw();
        long h = p11.createObject(a, data("private to A"));
        long t = p11.createObject(a, data("token", bool(CKA.TOKEN, true)));
        try (Application other = service.openApplication()) {
            Pkcs11 b = other.raw();
            long bs = b.openSession(slot, RW);
            assertCkr(CKR.OBJECT_HANDLE_INVALID, () -> b.getObjectSize(bs, h));
            assertCkr(CKR.OBJECT_HANDLE_INVALID, () -> b.destroyObject(bs, h));
            b.findObjectsInit(bs, template(utf8(CKA.LABEL, "private to A")));
            assertThat(boxed(b.findObjects(bs, 10)), is(emptyArray()));
            b.findObjectsFinal(bs);
            b.findObjectsInit(bs, template(utf8(CKA.LABEL, "token")));
            long[] seen = b.findObjects(bs, 10);
            b.findObjectsFinal(bs);
            assertThat(seen.length, is(1));
        }
        assertThat(label(a, h), is("private to A"));
        assertThat(label(a, t), is("token"));
    }

    @Test
    void finalizingAnApplicationErasesItsSessionObjectsOnly() {
        long mine = p11.createObject(openRw(), data("survivor"));
        Application other = service.openApplication();
        long bs = other.raw().openSession(slot, RW);
        other.raw().createObject(bs, data("doomed"));
        other.raw().createObject(bs, data("doomed"));
        assertThat(fixture.engine().status().sessionObjectCount(), is(3L));
        other.close();
        assertThat(fixture.engine().status().sessionObjectCount(), is(1L));
        assertThat(label(openRo(), mine), is("survivor"));
    }

    @Test
    void privateObjectsAreSeenOnlyWhileLoggedIn() {
        requireTokenDataObjects();
        long s = openRw();
        loginUser(s);
        long secret = p11.createObject(s, data("hidden", bool(CKA.PRIVATE, true), bool(CKA.TOKEN, true)));
        assertThat(find(s, utf8(CKA.LABEL, "hidden")), arrayContaining(secret));
        p11.logout(s);
        assertThat(find(s, utf8(CKA.LABEL, "hidden")), is(emptyArray()));
        assertThat(find(s), not(org.hamcrest.Matchers.hasItemInArray(secret)));
    }

    @Test
    void logoutDestroysPrivateSessionObjectsAndKeepsPublicOnes() {
        long s = openRw();
        loginUser(s);
        long priv = p11.createObject(s, data("p", bool(CKA.PRIVATE, true)));
        long pub = p11.createObject(s, data("q"));
        long key = p11.createObject(s, aes(new byte[16]));
        p11.logout(s);
        loginUser(s);
        assertCkr(CKR.OBJECT_HANDLE_INVALID, () -> label(s, priv));
        assertCkr(CKR.OBJECT_HANDLE_INVALID, () -> label(s, key));
        assertThat(find(s, utf8(CKA.LABEL, "p")), is(emptyArray()));
        assertThat(label(s, pub), is("q"));
    }

    @Test
    void handlesToPrivateTokenObjectsStayInvalidAfterLoggingInAgain() {
        requireTokenDataObjects();
        long s = openRw();
        loginUser(s);
        long h = p11.createObject(s, data("tok", bool(CKA.PRIVATE, true), bool(CKA.TOKEN, true)));
        p11.logout(s);
        assertCkr(CKR.OBJECT_HANDLE_INVALID, () -> label(s, h));
        loginUser(s);
        assertCkr(CKR.OBJECT_HANDLE_INVALID, () -> label(s, h));
        Long[] again = find(s, utf8(CKA.LABEL, "tok"));
        assertThat(again, arrayWithSize(1));
        assertThat(again[0], is(not(h)));
        assertThat(label(s, again[0]), is("tok"));
    }

    @Test
    void soSessionsDoNotSeePrivateObjects() {
        requireTokenDataObjects();
        long s = openRw();
        loginUser(s);
        p11.createObject(s, data("user's", bool(CKA.PRIVATE, true), bool(CKA.TOKEN, true)));
        p11.logout(s);
        p11.login(s, CKU.SO, fixture.soPin());
        assertThat(find(s, utf8(CKA.LABEL, "user's")), is(emptyArray()));
    }

    @Test
    void tokenRemovalClosesSessionsAndErasesTheirObjects() {
        requireTokenDataObjects();
        long s = openRw();
        p11.createObject(s, data("gone"));
        p11.createObject(s, data("kept", bool(CKA.TOKEN, true)));
        fixture.removeToken();
        assertCkr(CKR.SESSION_HANDLE_INVALID, () -> p11.getSessionInfo(s));
        assertThat(fixture.engine().status().sessionObjectCount(), is(0L));
        fixture.insertToken();
        long again = openRo();
        assertThat(find(again, utf8(CKA.LABEL, "gone")), is(emptyArray()));
        assertThat(find(again, utf8(CKA.LABEL, "kept")), arrayWithSize(1));
    }

    @Test
    void tokenObjectsSurviveARestart() {
        requireTokenDataObjects();
        long s = openRw();
        loginUser(s);
        p11.createObject(s, data("public", bool(CKA.TOKEN, true)));
        p11.createObject(s, data("private", bool(CKA.TOKEN, true), bool(CKA.PRIVATE, true)));
        p11.createObject(s, aes(new byte[16], bool(CKA.TOKEN, true), utf8(CKA.LABEL, "key")));
        p11.createObject(s, data("session only"));
        fixture.restart();
        service = fixture.service("after restart");
        p11 = service.raw();
        long r = openRw();
        assertThat(find(r, utf8(CKA.LABEL, "public")), arrayWithSize(1));
        assertThat(find(r, utf8(CKA.LABEL, "private")), is(emptyArray()));
        assertThat(find(r, utf8(CKA.LABEL, "session only")), is(emptyArray()));
        loginUser(r);
        assertThat(find(r, utf8(CKA.LABEL, "private")), arrayWithSize(1));
        Long[] key = find(r, ulong(CKA.CLASS, CKO.SECRET_KEY), utf8(CKA.LABEL, "key"));
        assertThat(key, arrayWithSize(1));
        assertThat(flag(r, key[0], CKA.TOKEN), is(true));
    }
}
