package org.p11plug.shell.internal;

import java.util.ArrayList;
import java.util.List;
import org.p11plug.api.TokenInfo;
import org.p11plug.api.ck.CKF;

/** Token flags in words, for the shell. */
final class TokenStates {
    private TokenStates() {
    }

    static String describe(TokenInfo info) {
        List<String> words = new ArrayList<>();
        words.add(info.initialized() ? "initialized" : "not initialized");
        words.add(info.userPinInitialized() ? "user PIN set" : "no user PIN");
        if (info.hasFlag(CKF.USER_PIN_LOCKED)) {
            words.add("user PIN LOCKED");
        } else if (info.hasFlag(CKF.USER_PIN_FINAL_TRY)) {
            words.add("user PIN final try");
        } else if (info.hasFlag(CKF.USER_PIN_COUNT_LOW)) {
            words.add("user PIN failed before");
        }
        if (info.hasFlag(CKF.SO_PIN_LOCKED)) {
            words.add("SO PIN LOCKED");
        }
        return String.join(", ", words);
    }
}
