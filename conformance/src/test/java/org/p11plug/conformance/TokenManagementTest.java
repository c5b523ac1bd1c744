package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.arrayWithSize;
import static org.hamcrest.Matchers.emptyArray;
import static org.hamcrest.Matchers.is;
import static org.p11plug.conformance.KeyMaterial.aes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.TokenInfo;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.ck.CKS;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.raw.FixedText;

/** C_InitToken, C_InitPIN, C_SetPIN, PIN retry counters and their token flags. */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class TokenManagementTest extends ConformanceTest {

    private static byte[] pin(String p) {
        return p.getBytes(StandardCharsets.UTF_8);
    }

    private TokenInfo info() {
        return p11.getTokenInfo(slot);
    }

    @Test
    void tokenInfoDescribesAnInitializedToken() {
        TokenInfo i = info();
        assertThat(i.initialized(), is(true));
        assertThat(i.userPinInitialized(), is(true));
        assertThat(i.hasFlag(CKF.RNG), is(true));
        assertThat(i.minPinLen(), is((long) fixture.traits().minPinLength()));
        assertThat(i.maxPinLen(), is((long) fixture.traits().maxPinLength()));
        assertThat(i.serialNumber().isEmpty(), is(false));
    }

    @Test
    void initTokenNeedsEverySessionClosed() {
        openRo();
        assertCkr(CKR.SESSION_EXISTS, () -> p11.initToken(slot, fixture.soPin(), FixedText.pad("x", 32)));
        try (var other = service.openApplication()) {
            p11.closeAllSessions(slot);
            other.raw().openSession(slot, RO);
            assertCkr(CKR.SESSION_EXISTS, () -> p11.initToken(slot, fixture.soPin(), FixedText.pad("x", 32)));
        }
    }

    @Test
    void reinitializingChecksTheSoPin() {
        requireInitToken();
        assertCkr(CKR.PIN_INCORRECT, () -> p11.initToken(slot, pin("86421110"), FixedText.pad("x", 32)));
        assertThat(FixedText.unpad(FixedText.pad(info().label(), 32)), is("conformance"));
    }

    @Test
    void reinitializingDestroysDestroyableObjectsAndTheUserPin() {
        requireInitToken();
        long s = openRw();
        loginUser(s);
        p11.createObject(s, data("doomed", bool(CKA.TOKEN, true)));
        p11.createObject(s, data("doomed private", bool(CKA.TOKEN, true), bool(CKA.PRIVATE, true)));
        p11.createObject(s, data("survivor", bool(CKA.TOKEN, true), bool(CKA.DESTROYABLE, false)));
        p11.createObject(s, aes(new byte[16], bool(CKA.TOKEN, true), bool(CKA.DESTROYABLE, false),
                utf8(CKA.LABEL, "private survivor")));
        p11.closeAllSessions(slot);
        p11.initToken(slot, fixture.soPin(), FixedText.pad("fresh", 32));
        assertThat(info().label(), is("fresh"));
        assertThat(info().userPinInitialized(), is(false));
        long r = openRw();
        assertThat(find(r, utf8(CKA.LABEL, "doomed")), is(emptyArray()));
        assertThat(find(r, utf8(CKA.LABEL, "survivor")), arrayWithSize(1));
        assertCkr(CKR.USER_PIN_NOT_INITIALIZED, () -> loginUser(r));
        loginSo(r);
        p11.initPin(r, pin("86420555"));
        p11.logout(r);
        p11.login(r, CKU.USER, pin("86420555"));
        assertThat(find(r, utf8(CKA.LABEL, "doomed private")), is(emptyArray()));
        assertThat(find(r, utf8(CKA.LABEL, "private survivor")), arrayWithSize(1));
    }

    @Test
    void initPinNeedsTheReadWriteSoState() {
        long s = openRw();
        assertCkr(CKR.USER_NOT_LOGGED_IN, () -> p11.initPin(s, pin("86420000")));
        loginUser(s);
        assertCkr(CKR.USER_NOT_LOGGED_IN, () -> p11.initPin(s, pin("86420000")));
    }

    @Test
    void initPinKeepsPrivateObjects() {
        requireTokenDataObjects();
        long s = openRw();
        loginUser(s);
        p11.createObject(s, data("keep", bool(CKA.TOKEN, true), bool(CKA.PRIVATE, true)));
        p11.logout(s);
        loginSo(s);
        p11.initPin(s, pin("86420666"));
        p11.logout(s);
        assertCkr(CKR.PIN_INCORRECT, () -> loginUser(s));
        p11.login(s, CKU.USER, pin("86420666"));
        assertThat(find(s, utf8(CKA.LABEL, "keep")), arrayWithSize(1));
    }

    @Test
    void setPinNeedsAReadWriteSession() {
        long ro = openRo();
        assertCkr(CKR.SESSION_READ_ONLY, () -> p11.setPin(ro, fixture.userPin(), pin("86420222")));
    }

    @Test
    void setPinInPublicStateChangesTheUserPinAndKeepsObjects() {
        requireTokenDataObjects();
        long s = openRw();
        loginUser(s);
        p11.createObject(s, data("keep", bool(CKA.TOKEN, true), bool(CKA.PRIVATE, true)));
        p11.logout(s);
        p11.setPin(s, fixture.userPin(), pin("86420333"));
        assertCkr(CKR.PIN_INCORRECT, () -> loginUser(s));
        p11.login(s, CKU.USER, pin("86420333"));
        assertThat(find(s, utf8(CKA.LABEL, "keep")), arrayWithSize(1));
        p11.setPin(s, pin("86420333"), pin("86420111"));
        p11.logout(s);
        p11.login(s, CKU.USER, pin("86420111"));
    }

    @Test
    void setPinInSoStateChangesTheSoPin() {
        requireSoPinCheckedAtLogin();
        long s = openRw();
        loginSo(s);
        p11.setPin(s, fixture.soPin(), pin("86420444"));
        p11.logout(s);
        assertCkr(CKR.PIN_INCORRECT, () -> loginSo(s));
        p11.login(s, CKU.SO, pin("86420444"));
        assertThat(p11.getSessionInfo(s).state(), is(CKS.RW_SO_FUNCTIONS));
    }

    @Test
    void newPinsMustFitTheLengthRange() {
        long s = openRw();
        byte[] shortPin = new byte[fixture.traits().minPinLength() - 1];
        byte[] longPin = new byte[fixture.traits().maxPinLength() + 1];
        Arrays.fill(shortPin, (byte) '1');
        Arrays.fill(longPin, (byte) '1');
        assertCkr(CKR.PIN_LEN_RANGE, () -> p11.setPin(s, fixture.userPin(), shortPin));
        assertCkr(CKR.PIN_LEN_RANGE, () -> p11.setPin(s, fixture.userPin(), longPin));
        loginSo(s);
        assertCkr(CKR.PIN_LEN_RANGE, () -> p11.initPin(s, shortPin));
        p11.logout(s);
        loginUser(s);
    }

    @Test
    void wrongPinsCountDownToLockout() {
        long s = openRw();
        int retries = fixture.traits().userPinRetries();
        for (int i = 1; i < retries; i++) {
            assertCkr(CKR.PIN_INCORRECT, () -> p11.login(s, CKU.USER, pin("86420888")));
            assertThat(info().hasFlag(CKF.USER_PIN_COUNT_LOW), is(true));
        }
        assertThat(info().hasFlag(CKF.USER_PIN_FINAL_TRY), is(true));
        assertCkr(CKR.PIN_LOCKED, () -> p11.login(s, CKU.USER, pin("86420888")));
        assertThat(info().hasFlag(CKF.USER_PIN_LOCKED), is(true));
        assertCkr(CKR.PIN_LOCKED, () -> loginUser(s));
        loginSo(s);
        p11.initPin(s, pin("86420777"));
        p11.logout(s);
        assertThat(info().hasFlag(CKF.USER_PIN_LOCKED), is(false));
        p11.login(s, CKU.USER, pin("86420777"));
    }

    @Test
    void aCorrectPinResetsTheCounter() {
        long s = openRw();
        assertCkr(CKR.PIN_INCORRECT, () -> p11.login(s, CKU.USER, pin("86420888")));
        assertThat(info().hasFlag(CKF.USER_PIN_COUNT_LOW), is(true));
        loginUser(s);
        assertThat(info().hasFlag(CKF.USER_PIN_COUNT_LOW), is(false));
    }

    @Test
    void soPinLocksToo() {
        requireSoPinCheckedAtLogin();
        long s = openRw();
        for (int i = 1; i < fixture.traits().soPinRetries(); i++) {
            assertCkr(CKR.PIN_INCORRECT, () -> p11.login(s, CKU.SO, pin("86420999")));
        }
        assertThat(info().hasFlag(CKF.SO_PIN_FINAL_TRY), is(true));
        assertCkr(CKR.PIN_LOCKED, () -> p11.login(s, CKU.SO, pin("86420999")));
        assertThat(info().hasFlag(CKF.SO_PIN_LOCKED), is(true));
        assertCkr(CKR.PIN_LOCKED, () -> loginSo(s));
        loginUser(s);
    }

    @Test
    void countersSurviveARestart() {
        long s = openRw();
        assertCkr(CKR.PIN_INCORRECT, () -> p11.login(s, CKU.USER, pin("86420888")));
        fixture.restart();
        p11 = fixture.service("after restart").raw();
        assertThat(p11.getTokenInfo(slot).hasFlag(CKF.USER_PIN_COUNT_LOW), is(true));
    }
}
