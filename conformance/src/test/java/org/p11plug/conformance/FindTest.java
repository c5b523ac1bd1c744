package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.arrayContainingInAnyOrder;
import static org.hamcrest.Matchers.arrayWithSize;
import static org.hamcrest.Matchers.emptyArray;
import static org.hamcrest.Matchers.is;
import static org.p11plug.conformance.KeyMaterial.aes;
import static org.p11plug.conformance.KeyMaterial.rsaPublic;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.Attribute;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Session;
import org.p11plug.api.Template;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;

/** C_FindObjectsInit / C_FindObjects / C_FindObjectsFinal and the typed convenience. */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class FindTest extends ConformanceTest {

    @Test
    void anEmptyTemplateFindsEverythingVisible() {
        requireTokenDataObjects();
        long s = openRw();
        long a = p11.createObject(s, data("a"));
        long b = p11.createObject(s, data("b", bool(CKA.TOKEN, true)));
        long c = p11.createObject(s, rsaPublic());
        assertThat(find(s), arrayContainingInAnyOrder(a, b, c));
    }

    @Test
    void searchesMatchEveryAttributeByteForByte() {
        long s = openRw();
        loginUser(s);
        long d1 = p11.createObject(s, data("x", bytes(CKA.APPLICATION, 1)));
        long d2 = p11.createObject(s, data("x", bytes(CKA.APPLICATION, 2)));
        long k = p11.createObject(s, aes(new byte[16], utf8(CKA.LABEL, "x"), bytes(CKA.ID, 9)));
        assertThat(find(s, utf8(CKA.LABEL, "x")), arrayContainingInAnyOrder(d1, d2, k));
        assertThat(find(s, utf8(CKA.LABEL, "x"), bytes(CKA.APPLICATION, 2)), arrayContainingInAnyOrder(d2));
        assertThat(find(s, ulong(CKA.KEY_TYPE, CKK.AES)), arrayContainingInAnyOrder(k));
        assertThat(find(s, bytes(CKA.ID, 9), ulong(CKA.CLASS, CKO.SECRET_KEY)), arrayContainingInAnyOrder(k));
        assertThat(find(s, utf8(CKA.LABEL, "X")), is(emptyArray()));
        assertThat(find(s, ulong(CKA.CLASS, CKO.DATA), bool(CKA.TOKEN, false)), arrayContainingInAnyOrder(d1, d2));
    }

    @Test
    void contradictoryTemplatesFindNothing() {
        long s = openRw();
        p11.createObject(s, data("a"));
        assertThat(find(s, utf8(CKA.LABEL, "a"), utf8(CKA.LABEL, "b")), is(emptyArray()));
    }

    @Test
    void hiddenValuesNeverMatch() {
        long s = openRw();
        loginUser(s);
        p11.createObject(s, aes(new byte[16], bool(CKA.SENSITIVE, true)));
        assertThat(find(s, bytes(CKA.VALUE, new byte[16])), is(emptyArray()));
        long readable = p11.createObject(s, aes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
                bool(CKA.EXTRACTABLE, true)));
        assertThat(find(s, bytes(CKA.VALUE, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)),
                arrayContainingInAnyOrder(readable));
    }

    @Test
    void oneSearchAtATimePerSession() {
        long s = openRw();
        p11.findObjectsInit(s, template());
        assertCkr(CKR.OPERATION_ACTIVE, () -> p11.findObjectsInit(s, template()));
        p11.findObjectsFinal(s);
        p11.findObjectsInit(s, template());
        p11.findObjectsFinal(s);
        long other = openRw();
        p11.findObjectsInit(s, template());
        p11.findObjectsInit(other, template());
        p11.findObjectsFinal(other);
        p11.findObjectsFinal(s);
    }

    @Test
    void findWithoutInitIsNotInitialized() {
        long s = openRw();
        assertCkr(CKR.OPERATION_NOT_INITIALIZED, () -> p11.findObjects(s, 1));
        assertCkr(CKR.OPERATION_NOT_INITIALIZED, () -> p11.findObjectsFinal(s));
        p11.findObjectsInit(s, template());
        p11.findObjectsFinal(s);
        assertCkr(CKR.OPERATION_NOT_INITIALIZED, () -> p11.findObjects(s, 1));
    }

    @Test
    void resultsComeInPagesAndThenRunOut() {
        long s = openRw();
        for (int i = 0; i < 25; i++) {
            p11.createObject(s, data("page"));
        }
        p11.findObjectsInit(s, template(utf8(CKA.LABEL, "page")));
        assertThat(boxed(p11.findObjects(s, 10)), arrayWithSize(10));
        assertThat(boxed(p11.findObjects(s, 0)), is(emptyArray()));
        assertThat(boxed(p11.findObjects(s, 10)), arrayWithSize(10));
        assertThat(boxed(p11.findObjects(s, 10)), arrayWithSize(5));
        assertThat(boxed(p11.findObjects(s, 10)), is(emptyArray()));
        p11.findObjectsFinal(s);
    }

    @Test
    void typedFindConvenience() {
        try (Session session = service.getSlot(slot).getToken().openReadWriteSession()) {
            ObjectHandle h = session.createObject(Template.builder()
                    .set(Attribute.CLASS, CKO.DATA).set(Attribute.LABEL, "typed").build());
            session.createObject(Template.of(Attribute.CLASS.of(CKO.DATA), Attribute.LABEL.of("other")));
            assertThat(session.findObjects(Template.of(Attribute.LABEL.of("typed"))), is(List.of(h)));
            assertThat(session.findObject(Template.of(Attribute.LABEL.of("typed"))).orElseThrow(), is(h));
            assertThat(session.findObject(Template.of(Attribute.LABEL.of("none"))).isPresent(), is(false));
            assertThat(session.findObjects(Template.of(Attribute.CLASS.of(CKO.DATA))).size(), is(2));
        }
    }

    @Test
    void destroyedObjectsAreNotFound() {
        requireTokenDataObjects();
        long s = openRw();
        long a = p11.createObject(s, data("z"));
        long t = p11.createObject(s, data("z", bool(CKA.TOKEN, true)));
        p11.destroyObject(s, a);
        p11.destroyObject(s, t);
        assertThat(find(s, utf8(CKA.LABEL, "z")), is(emptyArray()));
    }

    @Test
    void renamedObjectsAreFoundUnderTheirNewLabel() {
        requireTokenDataObjects();
        long s = openRw();
        long a = p11.createObject(s, data("old"));
        long t = p11.createObject(s, data("old", bool(CKA.TOKEN, true)));
        p11.setAttributeValue(s, a, template(utf8(CKA.LABEL, "new")));
        p11.setAttributeValue(s, t, template(utf8(CKA.LABEL, "new")));
        assertThat(find(s, utf8(CKA.LABEL, "old")), is(emptyArray()));
        assertThat(find(s, utf8(CKA.LABEL, "new")), arrayContainingInAnyOrder(a, t));
    }
}
