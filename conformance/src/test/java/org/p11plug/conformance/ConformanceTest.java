package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.Parameter;
import org.p11plug.api.CkException;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.raw.AttributeRequest;
import org.p11plug.api.raw.AttributeResults;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.api.raw.RawAttribute;

/**
 * Base of every conformance test: a fresh fixture per test, an application on it, and helpers
 * that speak the raw layer (the layer the bridge and the bad-input cases need).
 */
abstract class ConformanceTest {
    static final long RW = CKF.SERIAL_SESSION | CKF.RW_SESSION;
    static final long RO = CKF.SERIAL_SESSION;

    @Parameter
    FixtureFactory factory;

    TokenFixture fixture;
    CryptokiService service;
    Pkcs11 p11;
    long slot;

    @BeforeEach
    void setUpFixture() {
        fixture = factory.create().get();
        service = fixture.service("conformance");
        p11 = service.raw();
        slot = fixture.slotId();
    }

    @AfterEach
    void tearDownFixture() {
        fixture.close();
    }

    /** Asserts the call fails with exactly this CK_RV (names compared, for readable failures). */
    static CkException assertCkr(long expected, Executable call) {
        CkException e = assertThrows(CkException.class, call);
        assertThat(e.getMessage(), CkException.name(e.ckr()), is(CkException.name(expected)));
        return e;
    }

    /**
     * For a test about token data objects: a token that cannot hold them (its traits say so)
     * must refuse one with CKR_TEMPLATE_INCONSISTENT, and the rest of the test does not apply.
     */
    void requireTokenDataObjects() {
        if (fixture.traits().tokenDataObjects()) {
            return;
        }
        long s = openRw();
        assertCkr(CKR.TEMPLATE_INCONSISTENT, () -> p11.createObject(s, new RawAttribute[] {
            ulong(CKA.CLASS, CKO.DATA), bool(CKA.TOKEN, true), utf8(CKA.LABEL, "refused")}));
        p11.closeSession(s);
        org.junit.jupiter.api.Assumptions.abort("the token holds no data objects (declared in its traits; it refused one"
                + " with CKR_TEMPLATE_INCONSISTENT)");
    }

    /** Likewise for token secret keys. */
    void requireTokenSecretKeys() {
        if (fixture.traits().tokenSecretKeys()) {
            return;
        }
        long s = openRw();
        try {
            loginUser(s);
        } catch (CkException alreadyLoggedIn) {
            // this application's login from the test's own setup
        }
        assertCkr(CKR.TEMPLATE_INCONSISTENT, () -> p11.createObject(s, new RawAttribute[] {
            ulong(CKA.CLASS, CKO.SECRET_KEY), ulong(CKA.KEY_TYPE, org.p11plug.api.ck.CKK.AES), bool(CKA.TOKEN, true),
            bytes(CKA.VALUE, new byte[16])}));
        p11.closeSession(s);
        org.junit.jupiter.api.Assumptions.abort("the token holds no secret keys (declared in its traits; it refused one"
                + " with CKR_TEMPLATE_INCONSISTENT)");
    }

    /** For a test of C_InitToken: a token that cannot be initialized answers CKR_FUNCTION_NOT_SUPPORTED. */
    void requireInitToken() {
        if (fixture.traits().initToken()) {
            return;
        }
        assertCkr(CKR.FUNCTION_NOT_SUPPORTED, () -> p11.initToken(slot, fixture.soPin(), new byte[32]));
        org.junit.jupiter.api.Assumptions.abort("the token cannot be initialized (declared in its traits)");
    }

    /** For a test that needs C_Login to check the SO PIN at once. */
    void requireSoPinCheckedAtLogin() {
        org.junit.jupiter.api.Assumptions.assumeTrue(fixture.traits().soPinCheckedAtLogin(),
                "the token checks its SO PIN only when it is used (declared in its traits)");
    }

    long openRw() {
        return p11.openSession(slot, RW);
    }

    long openRo() {
        return p11.openSession(slot, RO);
    }

    void loginUser(long session) {
        p11.login(session, CKU.USER, fixture.userPin());
    }

    void loginSo(long session) {
        p11.login(session, CKU.SO, fixture.soPin());
    }

    static RawAttribute bool(long type, boolean value) {
        return RawAttribute.ofBoolean(type, value);
    }

    static RawAttribute ulong(long type, long value) {
        return RawAttribute.ofLong(type, value);
    }

    static RawAttribute utf8(long type, String value) {
        return RawAttribute.ofUtf8(type, value);
    }

    static RawAttribute bytes(long type, byte[] value) {
        return RawAttribute.of(type, value);
    }

    /** Bytes written as small ints, for readable templates: {@code bytes(CKA.ID, 1, 2)}. */
    static RawAttribute bytes(long type, int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return RawAttribute.of(type, b);
    }

    /** A data object template: class, label and value, plus any extra attributes. */
    static RawAttribute[] data(String label, RawAttribute... extra) {
        List<RawAttribute> t = new ArrayList<>(List.of(
                ulong(CKA.CLASS, CKO.DATA), utf8(CKA.LABEL, label), bytes(CKA.VALUE, label.getBytes(StandardCharsets.UTF_8))));
        t.addAll(Arrays.asList(extra));
        return t.toArray(RawAttribute[]::new);
    }

    static RawAttribute[] template(RawAttribute... attributes) {
        return attributes;
    }

    static Long[] boxed(long[] handles) {
        return java.util.Arrays.stream(handles).boxed().toArray(Long[]::new);
    }

    /** Every handle a search finds (boxed, for Hamcrest's array matchers). */
    Long[] find(long session, RawAttribute... template) {
        p11.findObjectsInit(session, template);
        try {
            List<Long> all = new ArrayList<>();
            for (long[] page = p11.findObjects(session, 100); page.length > 0; page = p11.findObjects(session, 100)) {
                for (long h : page) {
                    all.add(h);
                }
            }
            return all.toArray(Long[]::new);
        } finally {
            p11.findObjectsFinal(session);
        }
    }

    byte[] value(long session, long object, long type) {
        AttributeResults r = p11.getAttributeValue(session, object, new AttributeRequest[] {AttributeRequest.of(type)});
        if (!r.ok()) {
            throw new CkException(r.rv(), CKA.nameOf(type));
        }
        return r.get(0).value();
    }

    String label(long session, long object) {
        return new String(value(session, object, CKA.LABEL), StandardCharsets.UTF_8);
    }

    boolean flag(long session, long object, long type) {
        return value(session, object, type)[0] != 0;
    }
}
