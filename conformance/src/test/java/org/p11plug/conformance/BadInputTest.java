package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.arrayContainingInAnyOrder;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.Application;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.raw.AttributeRequest;
import org.p11plug.api.raw.Output;
import org.p11plug.api.raw.RawAttribute;

/**
 * Bad input gets the exact PKCS#11 error and changes nothing: null arguments from Java
 * (CKR_ARGUMENTS_BAD, never a NullPointerException), invalid and stale handles, closed
 * sessions. After every refused call the token holds exactly what it held before.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class BadInputTest extends ConformanceTest {
    private static final Mechanism SHA256 = Mechanism.of(CKM.SHA256);

    private long s;
    private long obj;
    private long tokenObj;

    @BeforeEach
    void populate() {
        requireTokenDataObjects();
        s = openRw();
        obj = p11.createObject(s, data("session object"));
        tokenObj = p11.createObject(s, data("token object", bool(CKA.TOKEN, true)));
    }

    /** The visible world: every object with its label. */
    private Map<Long, String> snapshot() {
        long probe = openRo();
        try {
            Map<Long, String> world = new java.util.TreeMap<>();
            for (long h : find(probe)) {
                world.put(h, label(probe, h));
            }
            return world;
        } finally {
            p11.closeSession(probe);
        }
    }

    private void refused(long expected, Executable call) {
        Map<Long, String> before = snapshot();
        assertCkr(expected, call);
        assertThat(snapshot(), is(before));
    }

    @Test
    void nullArgumentsAreArgumentsBad() {
        byte[] pin = fixture.userPin();
        RawAttribute[] t = data("x");
        List<Executable> calls = new ArrayList<>(List.of(
                () -> p11.initToken(slot, null, new byte[32]),
                () -> p11.initToken(slot, pin, null),
                () -> p11.initPin(s, null),
                () -> p11.setPin(s, null, pin),
                () -> p11.setPin(s, pin, null),
                () -> p11.login(s, CKU.USER, null),
                () -> p11.createObject(s, null),
                () -> p11.createObject(s, new RawAttribute[] {null}),
                () -> p11.createObject(s, new RawAttribute[] {new RawAttribute(CKA.WRAP_TEMPLATE, null,
                        Arrays.asList((RawAttribute) null))}),
                () -> p11.copyObject(s, obj, null),
                () -> p11.getAttributeValue(s, obj, null),
                () -> p11.getAttributeValue(s, obj, new AttributeRequest[] {null}),
                () -> p11.setAttributeValue(s, obj, null),
                () -> p11.setAttributeValue(s, obj, new RawAttribute[] {null}),
                () -> p11.findObjectsInit(s, null),
                () -> p11.findObjectsInit(s, new RawAttribute[] {null}),
                () -> p11.encryptInit(s, null, obj),
                () -> p11.decryptInit(s, null, obj),
                () -> p11.signInit(s, null, obj),
                () -> p11.verifyInit(s, null, obj),
                () -> p11.digestInit(s, null),
                () -> p11.encrypt(s, null, Output.NULL_BUFFER),
                () -> p11.encryptUpdate(s, null, Output.NULL_BUFFER),
                () -> p11.decrypt(s, null, Output.NULL_BUFFER),
                () -> p11.decryptUpdate(s, null, Output.NULL_BUFFER),
                () -> p11.digest(s, null, Output.NULL_BUFFER),
                () -> p11.digestUpdate(s, null),
                () -> p11.sign(s, null, Output.NULL_BUFFER),
                () -> p11.signUpdate(s, null),
                () -> p11.verify(s, new byte[1], null),
                () -> p11.verify(s, null, new byte[1]),
                () -> p11.verifyUpdate(s, null),
                () -> p11.verifyFinal(s, null),
                () -> p11.generateKey(s, null, t),
                () -> p11.generateKey(s, SHA256, null),
                () -> p11.generateKeyPair(s, SHA256, null, t),
                () -> p11.generateKeyPair(s, SHA256, t, null),
                () -> p11.wrapKey(s, null, obj, obj, Output.NULL_BUFFER),
                () -> p11.unwrapKey(s, SHA256, obj, null, t),
                () -> p11.unwrapKey(s, SHA256, obj, new byte[8], null),
                () -> p11.deriveKey(s, null, obj, t),
                () -> p11.deriveKey(s, SHA256, obj, null),
                () -> p11.seedRandom(s, null),
                () -> p11.generateRandom(s, null),
                () -> p11.setOperationState(s, null, 0, 0)));
        Map<Long, String> before = snapshot();
        for (Executable call : calls) {
            assertCkr(CKR.ARGUMENTS_BAD, call);
        }
        assertThat(snapshot(), is(before));
    }

    @Test
    void invalidSessionHandles() {
        long closed = openRw();
        p11.closeSession(closed);
        for (long bad : new long[] {0, closed, 0xdead_beefL, -1}) {
            refused(CKR.SESSION_HANDLE_INVALID, () -> p11.createObject(bad, data("x")));
            refused(CKR.SESSION_HANDLE_INVALID, () -> p11.destroyObject(bad, obj));
            refused(CKR.SESSION_HANDLE_INVALID, () -> p11.findObjectsInit(bad, template()));
            refused(CKR.SESSION_HANDLE_INVALID, () -> p11.login(bad, CKU.USER, fixture.userPin()));
            refused(CKR.SESSION_HANDLE_INVALID, () -> p11.generateRandom(bad, new byte[4]));
        }
    }

    @Test
    void invalidObjectHandles() {
        long destroyed = p11.createObject(s, data("gone"));
        p11.destroyObject(s, destroyed);
        for (long bad : new long[] {0, destroyed, 0xdead_beefL, s}) {
            refused(CKR.OBJECT_HANDLE_INVALID, () -> p11.destroyObject(s, bad));
            refused(CKR.OBJECT_HANDLE_INVALID, () -> p11.getObjectSize(s, bad));
            refused(CKR.OBJECT_HANDLE_INVALID, () -> p11.setAttributeValue(s, bad, template(utf8(CKA.LABEL, "x"))));
            refused(CKR.OBJECT_HANDLE_INVALID, () -> p11.copyObject(s, bad, template()));
            refused(CKR.OBJECT_HANDLE_INVALID,
                    () -> p11.getAttributeValue(s, bad, new AttributeRequest[] {AttributeRequest.of(CKA.LABEL)}));
        }
    }

    @Test
    void invalidKeyHandles() {
        long destroyed = p11.createObject(s, data("gone"));
        p11.destroyObject(s, destroyed);
        Mechanism m = Mechanism.of(CKM.AES_ECB);
        for (long bad : new long[] {0, destroyed, 0xdead_beefL}) {
            refused(CKR.KEY_HANDLE_INVALID, () -> p11.encryptInit(s, m, bad));
            refused(CKR.KEY_HANDLE_INVALID, () -> p11.decryptInit(s, m, bad));
            refused(CKR.KEY_HANDLE_INVALID, () -> p11.signInit(s, m, bad));
            refused(CKR.KEY_HANDLE_INVALID, () -> p11.verifyInit(s, m, bad));
            refused(CKR.KEY_HANDLE_INVALID, () -> p11.deriveKey(s, m, bad, template()));
            refused(CKR.WRAPPING_KEY_HANDLE_INVALID, () -> p11.wrapKey(s, m, bad, obj, Output.NULL_BUFFER));
            refused(CKR.UNWRAPPING_KEY_HANDLE_INVALID, () -> p11.unwrapKey(s, m, bad, new byte[24], template()));
        }
    }

    @Test
    void anotherApplicationsHandlesAreInvalidHere() {
        try (Application other = service.openApplication()) {
            long theirSession = other.raw().openSession(slot, RW);
            long theirObject = other.raw().createObject(theirSession, data("theirs"));
            refused(CKR.SESSION_HANDLE_INVALID, () -> p11.getSessionInfo(theirSession));
            refused(CKR.OBJECT_HANDLE_INVALID, () -> p11.destroyObject(s, theirObject));
            assertThat(other.raw().getObjectSize(theirSession, theirObject) > 0, is(true));
        }
    }

    @Test
    void badTemplatesLeaveEverythingAsItWas() {
        refused(CKR.TEMPLATE_INCONSISTENT, () -> p11.createObject(s, data("x", utf8(CKA.LABEL, "y"))));
        refused(CKR.ATTRIBUTE_VALUE_INVALID, () -> p11.createObject(s, data("x", bytes(CKA.TOKEN, 7))));
        refused(CKR.ATTRIBUTE_TYPE_INVALID, () -> p11.createObject(s, data("x", bytes(0x7777_7777L, 1))));
        refused(CKR.ATTRIBUTE_READ_ONLY,
                () -> p11.setAttributeValue(s, tokenObj, template(utf8(CKA.LABEL, "z"), bytes(CKA.VALUE, 1))));
        refused(CKR.ATTRIBUTE_VALUE_INVALID, () -> p11.findObjectsInit(s, template(bytes(CKA.CLASS, 1, 2))));
        p11.findObjectsInit(s, template());
        p11.findObjectsFinal(s);
    }

    @Test
    void negativeFindCountIsArgumentsBad() {
        p11.findObjectsInit(s, template());
        assertCkr(CKR.ARGUMENTS_BAD, () -> p11.findObjects(s, -1));
        assertThat(boxed(p11.findObjects(s, 10)), arrayContainingInAnyOrder(obj, tokenObj));
        p11.findObjectsFinal(s);
    }

    @Test
    void operationsWithoutInitAreNotInitialized() {
        refused(CKR.OPERATION_NOT_INITIALIZED, () -> p11.encrypt(s, new byte[16], Output.NULL_BUFFER));
        refused(CKR.OPERATION_NOT_INITIALIZED, () -> p11.decryptFinal(s, Output.NULL_BUFFER));
        refused(CKR.OPERATION_NOT_INITIALIZED, () -> p11.signUpdate(s, new byte[1]));
        refused(CKR.OPERATION_NOT_INITIALIZED, () -> p11.verify(s, new byte[1], new byte[1]));
        refused(CKR.OPERATION_NOT_INITIALIZED, () -> p11.digestFinal(s, Output.NULL_BUFFER));
        refused(CKR.OPERATION_NOT_INITIALIZED, () -> p11.digestKey(s, obj));
    }

    @Test
    void functionsThisTokenDoesNotOfferSaySo() {
        refused(CKR.FUNCTION_NOT_SUPPORTED, () -> p11.getOperationState(s, Output.NULL_BUFFER));
        refused(CKR.FUNCTION_NOT_SUPPORTED, () -> p11.setOperationState(s, new byte[1], 0, 0));
        refused(CKR.FUNCTION_NOT_SUPPORTED, () -> p11.signRecoverInit(s, SHA256, obj));
        refused(CKR.FUNCTION_NOT_SUPPORTED, () -> p11.verifyRecoverInit(s, SHA256, obj));
        refused(CKR.FUNCTION_NOT_SUPPORTED, () -> p11.digestEncryptUpdate(s, new byte[1], Output.NULL_BUFFER));
        refused(CKR.FUNCTION_NOT_SUPPORTED, () -> p11.decryptVerifyUpdate(s, new byte[1], Output.NULL_BUFFER));
    }

    @Test
    void randomBytesAreGenerated() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        p11.generateRandom(s, a);
        p11.generateRandom(s, b);
        p11.generateRandom(s, new byte[0]);
        p11.seedRandom(s, new byte[] {1, 2, 3});
        assertThat(Arrays.equals(a, b), is(false));
        assertThat(Arrays.equals(a, new byte[32]), is(false));
    }
}
