package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.p11plug.conformance.KeyMaterial.aes;
import static org.p11plug.conformance.KeyMaterial.ecPublic;
import static org.p11plug.conformance.KeyMaterial.rsaPrivate;
import static org.p11plug.conformance.KeyMaterial.rsaPublic;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.ck.CK;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKC;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.api.raw.Ulong;

/**
 * The object rules of PKCS#11 3.1: section 4.1 (creating, modifying and copying objects), the
 * attribute tables and their footnotes, and C_CreateObject / C_CopyObject / C_SetAttributeValue /
 * C_DestroyObject.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class ObjectRulesTest extends ConformanceTest {
    private static final byte[] AES_KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    // ---- creation: defaults and token-supplied attributes ----

    @Test
    void dataObjectGetsItsDefaults() {
        long s = openRw();
        long h = p11.createObject(s, template(ulong(CKA.CLASS, CKO.DATA)));
        assertThat(flag(s, h, CKA.TOKEN), is(false));
        assertThat(flag(s, h, CKA.PRIVATE), is(false));
        assertThat(flag(s, h, CKA.MODIFIABLE), is(true));
        assertThat(flag(s, h, CKA.COPYABLE), is(true));
        assertThat(flag(s, h, CKA.DESTROYABLE), is(true));
        assertThat(value(s, h, CKA.LABEL), is(new byte[0]));
        assertThat(value(s, h, CKA.VALUE), is(new byte[0]));
        assertThat(value(s, h, CKA.APPLICATION), is(new byte[0]));
    }

    @Test
    void everyObjectGetsADistinctUniqueId() {
        long s = openRw();
        long a = p11.createObject(s, data("a"));
        long b = p11.createObject(s, data("b"));
        assertThat(value(s, a, CKA.UNIQUE_ID).length, is(greaterThan(0)));
        assertThat(value(s, a, CKA.UNIQUE_ID), is(not(value(s, b, CKA.UNIQUE_ID))));
    }

    @Test
    void createdKeysAreNotLocalAndNeverWereSensitive() {
        long s = openRw();
        loginUser(s);
        long k = p11.createObject(s, aes(AES_KEY, bool(CKA.SENSITIVE, true), bool(CKA.EXTRACTABLE, false)));
        assertThat(flag(s, k, CKA.LOCAL), is(false));
        assertThat(Ulong.decode(value(s, k, CKA.KEY_GEN_MECHANISM)), is(CK.UNAVAILABLE_INFORMATION));
        assertThat(flag(s, k, CKA.ALWAYS_SENSITIVE), is(false));
        assertThat(flag(s, k, CKA.NEVER_EXTRACTABLE), is(false));
        assertThat(Ulong.decode(value(s, k, CKA.VALUE_LEN)), is(16L));
    }

    @Test
    void secretAndPrivateKeysDefaultToPrivate() {
        long s = openRw();
        loginUser(s);
        assertThat(flag(s, p11.createObject(s, aes(AES_KEY)), CKA.PRIVATE), is(true));
        assertThat(flag(s, p11.createObject(s, rsaPrivate()), CKA.PRIVATE), is(true));
        assertThat(flag(s, p11.createObject(s, rsaPublic()), CKA.PRIVATE), is(false));
    }

    @Test
    void aesCheckValueIsComputed() {
        long s = openRw();
        loginUser(s);
        long k = p11.createObject(s, aes(new byte[16]));
        // AES-128 with the zero key encrypts the zero block to 66e94bd4... (FIPS-197 style vector).
        assertThat(HexFormat.of().formatHex(value(s, k, CKA.CHECK_VALUE)), is("66e94b"));
    }

    @Test
    void aWrongCheckValueIsRefusedAndAnEmptyOneSuppressesIt() {
        long s = openRw();
        loginUser(s);
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID, () -> p11.createObject(s, aes(new byte[16], bytes(CKA.CHECK_VALUE, 1, 2, 3))));
        long k = p11.createObject(s, aes(new byte[16], bytes(CKA.CHECK_VALUE)));
        assertThat(value(s, k, CKA.CHECK_VALUE), is(new byte[0]));
        long ok = p11.createObject(s, aes(new byte[16], bytes(CKA.CHECK_VALUE, 0x66, (byte) 0xe9, 0x4b)));
        assertThat(HexFormat.of().formatHex(value(s, ok, CKA.CHECK_VALUE)), is("66e94b"));
    }

    @Test
    void rsaPublicKeyGetsItsModulusBits() {
        long s = openRw();
        long k = p11.createObject(s, rsaPublic());
        assertThat(Ulong.decode(value(s, k, CKA.MODULUS_BITS)), is(2048L));
    }

    @Test
    void certificateNeedsSubjectAndValueAndGetsACheckValue() {
        long s = openRw();
        RawAttribute cls = ulong(CKA.CLASS, CKO.CERTIFICATE);
        RawAttribute type = ulong(CKA.CERTIFICATE_TYPE, CKC.X_509);
        assertCkr(CKR.TEMPLATE_INCOMPLETE, () -> p11.createObject(s, template(cls, type, bytes(CKA.VALUE, 1))));
        assertCkr(CKR.TEMPLATE_INCOMPLETE, () -> p11.createObject(s, template(cls, bytes(CKA.SUBJECT, 1), bytes(CKA.VALUE, 1))));
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID,
                () -> p11.createObject(s, template(cls, type, bytes(CKA.SUBJECT, 1), bytes(CKA.VALUE))));
        long c = p11.createObject(s, template(cls, type, bytes(CKA.SUBJECT, 1), bytes(CKA.VALUE, 1, 2, 3)));
        assertThat(value(s, c, CKA.CHECK_VALUE).length, is(3));
        assertThat(Ulong.decode(value(s, c, CKA.CERTIFICATE_CATEGORY)), is(CK.CERTIFICATE_CATEGORY_UNSPECIFIED));
    }

    // ---- creation: template errors ----

    @Test
    void missingClassOrKeyTypeIsIncomplete() {
        long s = openRw();
        assertCkr(CKR.TEMPLATE_INCOMPLETE, () -> p11.createObject(s, template(utf8(CKA.LABEL, "x"))));
        assertCkr(CKR.TEMPLATE_INCOMPLETE,
                () -> p11.createObject(s, template(ulong(CKA.CLASS, CKO.SECRET_KEY), bytes(CKA.VALUE, AES_KEY))));
        assertCkr(CKR.TEMPLATE_INCOMPLETE,
                () -> p11.createObject(s, template(ulong(CKA.CLASS, CKO.SECRET_KEY), ulong(CKA.KEY_TYPE, CKK.AES),
                        bool(CKA.PRIVATE, false))));
        assertCkr(CKR.TEMPLATE_INCOMPLETE, () -> p11.createObject(s, template(ulong(CKA.CLASS, CKO.PUBLIC_KEY),
                ulong(CKA.KEY_TYPE, CKK.RSA), bytes(CKA.MODULUS, 1, 2, 3))));
    }

    @Test
    void attributesOfOtherObjectKindsAreInconsistent() {
        long s = openRw();
        loginUser(s);
        assertCkr(CKR.TEMPLATE_INCONSISTENT, () -> p11.createObject(s, aes(AES_KEY, bytes(CKA.MODULUS, 1))));
        assertCkr(CKR.TEMPLATE_INCONSISTENT, () -> p11.createObject(s, data("d", bool(CKA.SIGN, true))));
        assertCkr(CKR.TEMPLATE_INCONSISTENT, () -> p11.createObject(s, rsaPublic(bool(CKA.SIGN, true))));
    }

    @Test
    void conflictingDuplicatesAreInconsistentAndIdenticalOnesCountOnce() {
        long s = openRw();
        assertCkr(CKR.TEMPLATE_INCONSISTENT, () -> p11.createObject(s, data("d", utf8(CKA.LABEL, "other"))));
        long h = p11.createObject(s, data("d", utf8(CKA.LABEL, "d")));
        assertThat(label(s, h), is("d"));
    }

    @Test
    void unknownAndVendorTypesAreInvalid() {
        long s = openRw();
        assertCkr(CKR.ATTRIBUTE_TYPE_INVALID, () -> p11.createObject(s, data("d", bytes(0x7ff0_0001L, 1))));
        assertCkr(CKR.ATTRIBUTE_TYPE_INVALID, () -> p11.createObject(s, data("d", bytes(CKA.VENDOR_DEFINED | 5, 1))));
    }

    @Test
    void wrongValueShapesAreInvalid() {
        long s = openRw();
        loginUser(s);
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID, () -> p11.createObject(s, data("d", bytes(CKA.TOKEN, 0, 0))));
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID, () -> p11.createObject(s, data("d", bytes(CKA.TOKEN, 2))));
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID, () -> p11.createObject(s, template(bytes(CKA.CLASS, 0, 0, 0, 0))));
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID, () -> p11.createObject(s, aes(new byte[15])));
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID, () -> p11.createObject(s, data("d", bytes(CKA.START_DATE, 1, 2, 3))));
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID, () -> p11.createObject(s, template(ulong(CKA.CLASS, CKO.HW_FEATURE))));
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID, () -> p11.createObject(s, template(ulong(CKA.CLASS, 0x1234))));
        assertCkr(CKR.ATTRIBUTE_VALUE_INVALID, () -> p11.createObject(s, template(ulong(CKA.CLASS, CKO.SECRET_KEY),
                ulong(CKA.KEY_TYPE, CKK.DES), bytes(CKA.VALUE, new byte[8]))));
    }

    @Test
    void tokenSuppliedAttributesAreReadOnlyOnCreate() {
        long s = openRw();
        loginUser(s);
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.createObject(s, aes(AES_KEY, bool(CKA.LOCAL, true))));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.createObject(s, aes(AES_KEY, bool(CKA.ALWAYS_SENSITIVE, true))));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.createObject(s, aes(AES_KEY, bool(CKA.NEVER_EXTRACTABLE, true))));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.createObject(s, aes(AES_KEY, ulong(CKA.KEY_GEN_MECHANISM, 0))));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.createObject(s, aes(AES_KEY, ulong(CKA.VALUE_LEN, 16))));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.createObject(s, data("d", utf8(CKA.UNIQUE_ID, "mine"))));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.createObject(s, rsaPublic(ulong(CKA.MODULUS_BITS, 2048))));
    }

    @Test
    void alwaysAuthenticateNeedsPrivate() {
        long s = openRw();
        loginUser(s);
        assertCkr(CKR.TEMPLATE_INCONSISTENT,
                () -> p11.createObject(s, rsaPrivate(bool(CKA.ALWAYS_AUTHENTICATE, true), bool(CKA.PRIVATE, false))));
        long k = p11.createObject(s, rsaPrivate(bool(CKA.ALWAYS_AUTHENTICATE, true)));
        assertThat(flag(s, k, CKA.ALWAYS_AUTHENTICATE), is(true));
    }

    @Test
    void onlyTheSoSetsTrusted() {
        long s = openRw();
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.createObject(s, rsaPublic(bool(CKA.TRUSTED, true))));
        long k = p11.createObject(s, rsaPublic());
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.setAttributeValue(s, k, template(bool(CKA.TRUSTED, true))));
        loginSo(s);
        long trusted = p11.createObject(s, rsaPublic(bool(CKA.TRUSTED, true)));
        assertThat(flag(s, trusted, CKA.TRUSTED), is(true));
        p11.setAttributeValue(s, k, template(bool(CKA.TRUSTED, true)));
        assertThat(flag(s, k, CKA.TRUSTED), is(true));
    }

    // ---- access rules by session state ----

    @Test
    void readOnlySessionsChangeSessionObjectsOnly() {
        requireTokenDataObjects();
        long rw = openRw();
        long tokenObject = p11.createObject(rw, data("t", bool(CKA.TOKEN, true)));
        long ro = openRo();
        assertCkr(CKR.SESSION_READ_ONLY, () -> p11.createObject(ro, data("t", bool(CKA.TOKEN, true))));
        assertCkr(CKR.SESSION_READ_ONLY, () -> p11.setAttributeValue(ro, tokenObject, template(utf8(CKA.LABEL, "x"))));
        assertCkr(CKR.SESSION_READ_ONLY, () -> p11.destroyObject(ro, tokenObject));
        assertCkr(CKR.SESSION_READ_ONLY, () -> p11.copyObject(ro, tokenObject, template()));
        long sessionObject = p11.createObject(ro, data("s"));
        p11.setAttributeValue(ro, sessionObject, template(utf8(CKA.LABEL, "renamed")));
        assertThat(label(ro, sessionObject), is("renamed"));
        assertThat(label(ro, tokenObject), is("t"));
        p11.destroyObject(ro, sessionObject);
    }

    @Test
    void privateObjectsNeedTheUser() {
        requireTokenDataObjects();
        long s = openRw();
        assertCkr(CKR.USER_NOT_LOGGED_IN, () -> p11.createObject(s, data("p", bool(CKA.PRIVATE, true))));
        assertCkr(CKR.USER_NOT_LOGGED_IN, () -> p11.createObject(s, aes(AES_KEY)));
        loginSo(s);
        assertCkr(CKR.USER_NOT_LOGGED_IN, () -> p11.createObject(s, data("p", bool(CKA.PRIVATE, true))));
        long pub = p11.createObject(s, data("pub", bool(CKA.TOKEN, true)));
        assertThat(flag(s, pub, CKA.TOKEN), is(true));
    }

    // ---- modification ----

    @Test
    void onlyModifiableAttributesChange() {
        long s = openRw();
        long h = p11.createObject(s, data("d"));
        p11.setAttributeValue(s, h, template(utf8(CKA.LABEL, "new")));
        assertThat(label(s, h), is("new"));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.setAttributeValue(s, h, template(bytes(CKA.VALUE, 9))));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.setAttributeValue(s, h, template(ulong(CKA.CLASS, CKO.DATA + 1))));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.setAttributeValue(s, h, template(bool(CKA.TOKEN, true))));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.setAttributeValue(s, h, template(bool(CKA.PRIVATE, true))));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.setAttributeValue(s, h, template(utf8(CKA.UNIQUE_ID, "x"))));
        assertCkr(CKR.TEMPLATE_INCONSISTENT, () -> p11.setAttributeValue(s, h, template(bool(CKA.SIGN, true))));
        assertCkr(CKR.ATTRIBUTE_TYPE_INVALID, () -> p11.setAttributeValue(s, h, template(bytes(0x7ff0_0001L, 1))));
    }

    @Test
    void aFailedModificationChangesNothing() {
        long s = openRw();
        long h = p11.createObject(s, data("before"));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY,
                () -> p11.setAttributeValue(s, h, template(utf8(CKA.LABEL, "after"), bytes(CKA.VALUE, 9))));
        assertThat(label(s, h), is("before"));
    }

    @Test
    void unmodifiableObjectsRefuseChanges() {
        long s = openRw();
        long h = p11.createObject(s, data("d", bool(CKA.MODIFIABLE, false)));
        assertCkr(CKR.ACTION_PROHIBITED, () -> p11.setAttributeValue(s, h, template(utf8(CKA.LABEL, "x"))));
        assertThat(label(s, h), is("d"));
    }

    @Test
    void sensitiveOnlyBecomesTrueAndExtractableOnlyFalse() {
        long s = openRw();
        loginUser(s);
        long k = p11.createObject(s, aes(AES_KEY, bool(CKA.SENSITIVE, false), bool(CKA.EXTRACTABLE, true)));
        p11.setAttributeValue(s, k, template(bool(CKA.SENSITIVE, true)));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.setAttributeValue(s, k, template(bool(CKA.SENSITIVE, false))));
        p11.setAttributeValue(s, k, template(bool(CKA.EXTRACTABLE, false)));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.setAttributeValue(s, k, template(bool(CKA.EXTRACTABLE, true))));
        assertThat(flag(s, k, CKA.SENSITIVE), is(true));
        assertThat(flag(s, k, CKA.EXTRACTABLE), is(false));
        assertThat(flag(s, k, CKA.ALWAYS_SENSITIVE), is(false));
        assertThat(flag(s, k, CKA.NEVER_EXTRACTABLE), is(false));
    }

    @Test
    void copyableOnlyBecomesFalse() {
        long s = openRw();
        long h = p11.createObject(s, data("d"));
        p11.setAttributeValue(s, h, template(bool(CKA.COPYABLE, false)));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.setAttributeValue(s, h, template(bool(CKA.COPYABLE, true))));
        assertCkr(CKR.ACTION_PROHIBITED, () -> p11.copyObject(s, h, template()));
    }

    @Test
    void keyUsageFlagsAreModifiable() {
        long s = openRw();
        loginUser(s);
        long k = p11.createObject(s, aes(AES_KEY));
        p11.setAttributeValue(s, k, template(bool(CKA.ENCRYPT, false), bytes(CKA.ID, 7)));
        assertThat(flag(s, k, CKA.ENCRYPT), is(false));
        assertThat(value(s, k, CKA.ID), is(new byte[] {7}));
    }

    // ---- copying ----

    @Test
    void copiesTakeTheTemplateAndANewUniqueId() {
        requireTokenDataObjects();
        long s = openRw();
        long h = p11.createObject(s, data("orig"));
        long c = p11.copyObject(s, h, template(utf8(CKA.LABEL, "copy"), bool(CKA.TOKEN, true)));
        assertThat(label(s, c), is("copy"));
        assertThat(flag(s, c, CKA.TOKEN), is(true));
        assertThat(value(s, c, CKA.VALUE), is(value(s, h, CKA.VALUE)));
        assertThat(value(s, c, CKA.UNIQUE_ID), is(not(value(s, h, CKA.UNIQUE_ID))));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.copyObject(s, h, template(bytes(CKA.VALUE, 1))));
    }

    @Test
    void copiesKeepTheOneWayRules() {
        long s = openRw();
        loginUser(s);
        long k = p11.createObject(s, aes(AES_KEY, bool(CKA.SENSITIVE, false), bool(CKA.EXTRACTABLE, true)));
        long c = p11.copyObject(s, k, template(bool(CKA.SENSITIVE, true), bool(CKA.EXTRACTABLE, false)));
        assertThat(flag(s, c, CKA.SENSITIVE), is(true));
        assertThat(flag(s, c, CKA.ALWAYS_SENSITIVE), is(false));
        assertThat(flag(s, c, CKA.NEVER_EXTRACTABLE), is(false));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.copyObject(s, c, template(bool(CKA.SENSITIVE, false))));
        assertCkr(CKR.ATTRIBUTE_READ_ONLY, () -> p11.copyObject(s, c, template(bool(CKA.EXTRACTABLE, true))));
    }

    @Test
    void copyingToAPrivateObjectNeedsTheUser() {
        long s = openRw();
        long h = p11.createObject(s, data("d"));
        assertCkr(CKR.USER_NOT_LOGGED_IN, () -> p11.copyObject(s, h, template(bool(CKA.PRIVATE, true))));
    }

    // ---- destruction ----

    @Test
    void undestroyableObjectsStay() {
        long s = openRw();
        long h = p11.createObject(s, data("d", bool(CKA.DESTROYABLE, false)));
        assertCkr(CKR.ACTION_PROHIBITED, () -> p11.destroyObject(s, h));
        assertThat(label(s, h), is("d"));
    }

    @Test
    void destroyedHandlesAreInvalid() {
        requireTokenDataObjects();
        long s = openRw();
        long h = p11.createObject(s, data("d"));
        p11.destroyObject(s, h);
        assertCkr(CKR.OBJECT_HANDLE_INVALID, () -> p11.destroyObject(s, h));
        assertCkr(CKR.OBJECT_HANDLE_INVALID, () -> label(s, h));
        long t = p11.createObject(s, data("t", bool(CKA.TOKEN, true)));
        p11.destroyObject(s, t);
        assertCkr(CKR.OBJECT_HANDLE_INVALID, () -> label(s, t));
    }

    @Test
    void objectSizeIsReported() {
        long s = openRw();
        assertThat(p11.getObjectSize(s, p11.createObject(s, data("d"))), is(greaterThan(0L)));
        loginUser(s);
        assertThat(p11.getObjectSize(s, p11.createObject(s, ecPublic())), is(greaterThan(0L)));
    }
}
