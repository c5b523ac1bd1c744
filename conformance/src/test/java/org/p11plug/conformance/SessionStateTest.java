package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.Application;
import org.p11plug.api.SessionInfo;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.ck.CKS;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.raw.Pkcs11;

/**
 * The session states and their transitions (PKCS#11 Usage Guide 2.6: read-only states, read/write
 * states, session events) and the error codes of C_OpenSession, C_Login and C_Logout.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class SessionStateTest extends ConformanceTest {

    private long state(long session) {
        return p11.getSessionInfo(session).state();
    }

    @Test
    void newSessionsArePublic() {
        assertThat(state(openRo()), is(CKS.RO_PUBLIC_SESSION));
        assertThat(state(openRw()), is(CKS.RW_PUBLIC_SESSION));
    }

    @Test
    void sessionInfoReportsSlotAndFlags() {
        long rw = openRw();
        SessionInfo info = p11.getSessionInfo(rw);
        assertThat(info.slotId(), is(slot));
        assertThat(info.flags(), is(CKF.SERIAL_SESSION | CKF.RW_SESSION));
        assertThat(p11.getSessionInfo(openRo()).flags(), is(CKF.SERIAL_SESSION));
    }

    @Test
    void userLoginMovesEverySessionOfTheApplication() {
        long ro = openRo();
        long rw = openRw();
        loginUser(ro);
        assertThat(state(ro), is(CKS.RO_USER_FUNCTIONS));
        assertThat(state(rw), is(CKS.RW_USER_FUNCTIONS));
    }

    @Test
    void sessionsOpenedWhileLoggedInAreLoggedIn() {
        loginUser(openRw());
        assertThat(state(openRo()), is(CKS.RO_USER_FUNCTIONS));
        assertThat(state(openRw()), is(CKS.RW_USER_FUNCTIONS));
    }

    @Test
    void logoutReturnsEverySessionToPublic() {
        long ro = openRo();
        long rw = openRw();
        loginUser(rw);
        p11.logout(ro);
        assertThat(state(ro), is(CKS.RO_PUBLIC_SESSION));
        assertThat(state(rw), is(CKS.RW_PUBLIC_SESSION));
    }

    @Test
    void soLoginGivesReadWriteSoFunctions() {
        long rw = openRw();
        loginSo(rw);
        assertThat(state(rw), is(CKS.RW_SO_FUNCTIONS));
        assertThat(state(openRw()), is(CKS.RW_SO_FUNCTIONS));
        p11.logout(rw);
        assertThat(state(rw), is(CKS.RW_PUBLIC_SESSION));
    }

    @Test
    void soCannotLogInWhileAReadOnlySessionExists() {
        openRo();
        long rw = openRw();
        assertCkr(CKR.SESSION_READ_ONLY_EXISTS, () -> loginSo(rw));
        assertThat(state(rw), is(CKS.RW_PUBLIC_SESSION));
    }

    @Test
    void noReadOnlySessionWhileSoIsLoggedIn() {
        loginSo(openRw());
        assertCkr(CKR.SESSION_READ_WRITE_SO_EXISTS, () -> openRo());
    }

    @Test
    void loggingInTwiceAnswersAlreadyLoggedIn() {
        long rw = openRw();
        loginUser(rw);
        assertCkr(CKR.USER_ALREADY_LOGGED_IN, () -> loginUser(openRw()));
        p11.logout(rw);
        loginSo(rw);
        assertCkr(CKR.USER_ALREADY_LOGGED_IN, () -> loginSo(openRw()));
        assertThat(state(rw), is(CKS.RW_SO_FUNCTIONS));
    }

    @Test
    void otherUserTypeAnswersAnotherAlreadyLoggedIn() {
        long rw = openRw();
        loginUser(rw);
        assertCkr(CKR.USER_ANOTHER_ALREADY_LOGGED_IN, () -> loginSo(rw));
        p11.logout(rw);
        loginSo(rw);
        assertCkr(CKR.USER_ANOTHER_ALREADY_LOGGED_IN, () -> loginUser(rw));
        assertThat(state(rw), is(CKS.RW_SO_FUNCTIONS));
    }

    @Test
    void logoutWithoutLoginAnswersUserNotLoggedIn() {
        assertCkr(CKR.USER_NOT_LOGGED_IN, () -> p11.logout(openRw()));
    }

    @Test
    void wrongPinLeavesTheStateUnchanged() {
        long rw = openRw();
        assertCkr(CKR.PIN_INCORRECT, () -> p11.login(rw, CKU.USER, "wrong-pin".getBytes()));
        assertThat(state(rw), is(CKS.RW_PUBLIC_SESSION));
    }

    @Test
    void unknownUserTypeIsInvalid() {
        assertCkr(CKR.USER_TYPE_INVALID, () -> p11.login(openRw(), 7, fixture.userPin()));
    }

    @Test
    void contextSpecificLoginWithoutOperationIsNotInitialized() {
        long rw = openRw();
        loginUser(rw);
        assertCkr(CKR.OPERATION_NOT_INITIALIZED, () -> p11.login(rw, CKU.CONTEXT_SPECIFIC, fixture.userPin()));
        assertThat(state(rw), is(CKS.RW_USER_FUNCTIONS));
    }

    @Test
    void closingTheLastSessionReturnsToPublic() {
        long rw = openRw();
        loginUser(rw);
        p11.closeSession(rw);
        assertThat(state(openRw()), is(CKS.RW_PUBLIC_SESSION));
    }

    @Test
    void closingOneOfSeveralSessionsKeepsTheLogin() {
        long a = openRw();
        long b = openRo();
        loginUser(a);
        p11.closeSession(a);
        assertThat(state(b), is(CKS.RO_USER_FUNCTIONS));
    }

    @Test
    void closeAllSessionsReturnsToPublicAndInvalidatesHandles() {
        long a = openRw();
        long b = openRo();
        loginUser(a);
        p11.closeAllSessions(slot);
        assertCkr(CKR.SESSION_HANDLE_INVALID, () -> p11.getSessionInfo(a));
        assertCkr(CKR.SESSION_HANDLE_INVALID, () -> p11.getSessionInfo(b));
        assertThat(state(openRw()), is(CKS.RW_PUBLIC_SESSION));
    }

    @Test
    void closedSessionHandleIsInvalid() {
        long rw = openRw();
        p11.closeSession(rw);
        assertCkr(CKR.SESSION_HANDLE_INVALID, () -> p11.closeSession(rw));
        assertCkr(CKR.SESSION_HANDLE_INVALID, () -> p11.getSessionInfo(rw));
    }

    @Test
    void sessionsNeedTheSerialFlag() {
        assertCkr(CKR.SESSION_PARALLEL_NOT_SUPPORTED, () -> p11.openSession(slot, CKF.RW_SESSION));
    }

    @Test
    void unknownSlotIsInvalid() {
        assertCkr(CKR.SLOT_ID_INVALID, () -> p11.openSession(slot + 1000, RW));
        assertCkr(CKR.SLOT_ID_INVALID, () -> p11.closeAllSessions(slot + 1000));
        assertCkr(CKR.SLOT_ID_INVALID, () -> p11.getTokenInfo(slot + 1000));
    }

    /** Usage Guide 2.6.7, steps 8 to 11: applications cannot touch each other's sessions or login. */
    @Test
    void applicationsAreIsolated() {
        long mine = openRw();
        loginUser(mine);
        try (Application other = service.openApplication()) {
            Pkcs11 b = other.raw();
            assertCkr(CKR.SESSION_HANDLE_INVALID, () -> b.logout(mine));
            assertCkr(CKR.SESSION_HANDLE_INVALID, () -> b.closeSession(mine));
            long theirs = b.openSession(slot, RW);
            assertThat(theirs, is(not(mine)));
            assertThat(b.getSessionInfo(theirs).state(), is(CKS.RW_PUBLIC_SESSION));
            b.login(theirs, CKU.SO, fixture.soPin());
            assertThat(b.getSessionInfo(theirs).state(), is(CKS.RW_SO_FUNCTIONS));
            assertThat(state(mine), is(CKS.RW_USER_FUNCTIONS));
        }
        assertThat(state(mine), is(CKS.RW_USER_FUNCTIONS));
    }

    @Test
    void finalizedApplicationAnswersNotInitialized() {
        Application app = service.openApplication();
        long s = app.raw().openSession(slot, RW);
        app.close();
        assertCkr(CKR.CRYPTOKI_NOT_INITIALIZED, () -> app.raw().getSessionInfo(s));
        assertCkr(CKR.CRYPTOKI_NOT_INITIALIZED, () -> app.raw().getSlotList(false));
        app.close();
    }

    @Test
    void tokenInfoCountsSessions() {
        openRo();
        openRw();
        openRw();
        assertThat(p11.getTokenInfo(slot).sessionCount(), is(3L));
        assertThat(p11.getTokenInfo(slot).rwSessionCount(), is(2L));
    }
}
