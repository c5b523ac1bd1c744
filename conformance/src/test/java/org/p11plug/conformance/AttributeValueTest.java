package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.p11plug.conformance.KeyMaterial.aes;
import static org.p11plug.conformance.KeyMaterial.rsaPrivate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.Attribute;
import org.p11plug.api.ObjectHandle;
import org.p11plug.api.Session;
import org.p11plug.api.Template;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CK;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.Pin;
import org.p11plug.api.raw.AttributeRequest;
import org.p11plug.api.raw.AttributeResult;
import org.p11plug.api.raw.AttributeResults;
import org.p11plug.api.raw.Output;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.api.raw.Ulong;

/**
 * C_GetAttributeValue's five cases, attribute by attribute, with the call processing every
 * attribute even when some are sensitive, unknown or do not fit (base specification 5.7.5).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class AttributeValueTest extends ConformanceTest {

    private AttributeResults get(long s, long h, AttributeRequest... requests) {
        return p11.getAttributeValue(s, h, requests);
    }

    @Test
    void lengthQueryThenFetch() {
        long s = openRw();
        long h = p11.createObject(s, data("twelve chars"));
        AttributeResults q = get(s, h, AttributeRequest.lengthOf(CKA.LABEL));
        assertThat(q.rv(), is(CKR.OK));
        assertThat(q.get(0).length(), is(12L));
        assertThat(q.get(0).value(), is(nullValue()));
        AttributeResults r = get(s, h, new AttributeRequest(CKA.LABEL, 12));
        assertThat(new String(r.get(0).value(), StandardCharsets.UTF_8), is("twelve chars"));
    }

    @Test
    void sensitiveValuesAreWithheldWhileTheOthersAreReturned() {
        long s = openRw();
        loginUser(s);
        long k = p11.createObject(s, rsaPrivate(utf8(CKA.LABEL, "rsa")));
        AttributeResults r = get(s, k, AttributeRequest.of(CKA.LABEL), AttributeRequest.of(CKA.PRIVATE_EXPONENT),
                AttributeRequest.of(CKA.MODULUS), AttributeRequest.of(CKA.PRIME_1));
        assertThat(r.rv(), is(CKR.ATTRIBUTE_SENSITIVE));
        assertThat(r.get(0).status(), is(CKR.OK));
        assertThat(r.get(0).value(), is("rsa".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.get(1).status(), is(CKR.ATTRIBUTE_SENSITIVE));
        assertThat(r.get(1).length(), is(CK.UNAVAILABLE_INFORMATION));
        assertThat(r.get(2).status(), is(CKR.OK));
        assertThat(r.get(3).status(), is(CKR.ATTRIBUTE_SENSITIVE));
    }

    @Test
    void unextractableValuesAreWithheldEvenWhenNotSensitive() {
        long s = openRw();
        loginUser(s);
        long k = p11.createObject(s, aes(new byte[16], bool(CKA.SENSITIVE, false), bool(CKA.EXTRACTABLE, false)));
        assertThat(get(s, k, AttributeRequest.of(CKA.VALUE)).rv(), is(CKR.ATTRIBUTE_SENSITIVE));
        long readable = p11.createObject(s, aes(new byte[16], bool(CKA.SENSITIVE, false), bool(CKA.EXTRACTABLE, true)));
        assertThat(get(s, readable, AttributeRequest.of(CKA.VALUE)).get(0).value(), is(new byte[16]));
        p11.setAttributeValue(s, readable, template(bool(CKA.SENSITIVE, true)));
        assertThat(get(s, readable, AttributeRequest.of(CKA.VALUE)).rv(), is(CKR.ATTRIBUTE_SENSITIVE));
    }

    @Test
    void unknownAttributesAreInvalidWhileTheOthersAreReturned() {
        long s = openRw();
        long h = p11.createObject(s, data("d"));
        AttributeResults r = get(s, h, AttributeRequest.of(CKA.MODULUS), AttributeRequest.of(CKA.LABEL),
                AttributeRequest.of(0xcf53_4301L));
        assertThat(r.rv(), is(CKR.ATTRIBUTE_TYPE_INVALID));
        assertThat(r.get(0).status(), is(CKR.ATTRIBUTE_TYPE_INVALID));
        assertThat(r.get(0).length(), is(CK.UNAVAILABLE_INFORMATION));
        assertThat(r.get(1).value(), is("d".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.get(2).status(), is(CKR.ATTRIBUTE_TYPE_INVALID));
    }

    @Test
    void tooSmallBuffersAreReportedWhileTheOthersAreReturned() {
        long s = openRw();
        long h = p11.createObject(s, data("a long label"));
        AttributeResults r = get(s, h, new AttributeRequest(CKA.LABEL, 3), new AttributeRequest(CKA.CLASS, 8));
        assertThat(r.rv(), is(CKR.BUFFER_TOO_SMALL));
        assertThat(r.get(0).status(), is(CKR.BUFFER_TOO_SMALL));
        assertThat(r.get(0).length(), is(CK.UNAVAILABLE_INFORMATION));
        assertThat(Ulong.decode(r.get(1).value()), is(CKO.DATA));
    }

    @Test
    void sensitiveTakesPrecedenceOverInvalidOverTooSmall() {
        long s = openRw();
        loginUser(s);
        long k = p11.createObject(s, aes(new byte[16], utf8(CKA.LABEL, "label")));
        AttributeResults r = get(s, k, new AttributeRequest(CKA.LABEL, 1), AttributeRequest.of(CKA.MODULUS),
                AttributeRequest.of(CKA.VALUE));
        assertThat(r.rv(), is(CKR.ATTRIBUTE_SENSITIVE));
        assertThat(r.get(0).status(), is(CKR.BUFFER_TOO_SMALL));
        assertThat(r.get(1).status(), is(CKR.ATTRIBUTE_TYPE_INVALID));
        AttributeResults r2 = get(s, k, new AttributeRequest(CKA.LABEL, 1), AttributeRequest.of(CKA.MODULUS));
        assertThat(r2.rv(), is(CKR.ATTRIBUTE_TYPE_INVALID));
    }

    @Test
    void emptyValuesHaveLengthZero() {
        long s = openRw();
        long h = p11.createObject(s, template(ulong(CKA.CLASS, CKO.DATA)));
        AttributeResults r = get(s, h, AttributeRequest.lengthOf(CKA.LABEL), new AttributeRequest(CKA.VALUE, 0));
        assertThat(r.rv(), is(CKR.OK));
        assertThat(r.get(0).length(), is(0L));
        assertThat(r.get(1).value(), is(new byte[0]));
    }

    @Test
    void templateAttributesComeBackAsTemplates() {
        long s = openRw();
        loginUser(s);
        RawAttribute wrapTemplate = RawAttribute.ofTemplate(CKA.WRAP_TEMPLATE,
                List.of(RawAttribute.ofLong(CKA.CLASS, CKO.SECRET_KEY), RawAttribute.ofBoolean(CKA.EXTRACTABLE, true)));
        long k = p11.createObject(s, aes(new byte[16], wrapTemplate,
                RawAttribute.of(CKA.ALLOWED_MECHANISMS, Ulong.encodeArray(new long[] {CKM.AES_CBC, CKM.AES_GCM}))));
        AttributeResults q = get(s, k, AttributeRequest.lengthOf(CKA.WRAP_TEMPLATE));
        assertThat(q.get(0).length(), is(2L * 24));
        AttributeResult r = get(s, k, new AttributeRequest(CKA.WRAP_TEMPLATE, 48)).get(0);
        assertThat(r.template(), is(notNullValue()));
        assertThat(r.template().get(0).type(), is(CKA.CLASS));
        assertThat(Ulong.decode(r.template().get(0).bytes()), is(CKO.SECRET_KEY));
        assertThat(get(s, k, new AttributeRequest(CKA.WRAP_TEMPLATE, 24)).rv(), is(CKR.BUFFER_TOO_SMALL));
        byte[] allowed = get(s, k, AttributeRequest.of(CKA.ALLOWED_MECHANISMS)).get(0).value();
        assertThat(Ulong.decodeArray(allowed), is(new long[] {CKM.AES_CBC, CKM.AES_GCM}));
    }

    @Test
    void nestedTemplatesNestOneLevelOnly() {
        long s = openRw();
        loginUser(s);
        RawAttribute inner = RawAttribute.ofTemplate(CKA.UNWRAP_TEMPLATE, List.of());
        RawAttribute outer = RawAttribute.ofTemplate(CKA.WRAP_TEMPLATE, List.of(inner));
        assertCkr(CKR.TEMPLATE_INCONSISTENT, () -> p11.createObject(s, aes(new byte[16], outer)));
    }

    @Test
    void typedLayerReadsAndReportsTheSame() {
        try (Session session = service.getSlot(slot).getToken().openReadWriteSession();
                Pin pin = Pin.ofUtf8(fixture.userPin())) {
            session.login(UserType.USER, pin);
            ObjectHandle k = session.createObject(Template.builder()
                    .set(Attribute.CLASS, CKO.SECRET_KEY)
                    .set(Attribute.KEY_TYPE, org.p11plug.api.ck.CKK.AES)
                    .set(Attribute.VALUE, new byte[32])
                    .set(Attribute.LABEL, "typed")
                    .set(Attribute.ALLOWED_MECHANISMS, List.of(CKM.AES_GCM))
                    .build());
            assertThat(session.getAttribute(k, Attribute.LABEL), is("typed"));
            assertThat(session.getAttribute(k, Attribute.VALUE_LEN), is(32L));
            assertThat(session.getAttribute(k, Attribute.ALLOWED_MECHANISMS), contains(CKM.AES_GCM));
            assertCkr(CKR.ATTRIBUTE_SENSITIVE, () -> session.getAttribute(k, Attribute.VALUE));
            assertThat(session.getAttributes(k, Attribute.VALUE, Attribute.LABEL).status(Attribute.VALUE),
                    is(CKR.ATTRIBUTE_SENSITIVE));
            assertThat(session.getAttributes(k, Attribute.MODULUS).find(Attribute.MODULUS).isPresent(), is(false));
        }
    }

    @Test
    void lengthQueryOfASensitiveValueIsStillSensitive() {
        long s = openRw();
        loginUser(s);
        long k = p11.createObject(s, aes(new byte[16]));
        AttributeResults r = get(s, k, new AttributeRequest(CKA.VALUE, Output.NULL_BUFFER));
        assertThat(r.rv(), is(CKR.ATTRIBUTE_SENSITIVE));
    }
}
