package org.p11plug.card.soft.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.p11plug.card.soft.internal.SoftTokens.SO_PIN;
import static org.p11plug.card.soft.internal.SoftTokens.USER_PIN;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p11plug.api.CkException;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKR;
import org.p11plug.spi.token.LoginTicket;
import org.p11plug.spi.token.TokenObject;

/** What the software token writes to disk: no PIN, no key, no private value in clear. */
class SoftTokenStorageTest {
    @TempDir
    Path dir;

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private boolean anyFileContains(byte[] needle) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (contains(Files.readAllBytes(f), needle)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void neitherPinsNorValuesAreStoredInClear() throws IOException {
        byte[] secretValue = "a value nobody may read from disk".getBytes(StandardCharsets.UTF_8);
        byte[] publicValue = "a public value, sealed as well".getBytes(StandardCharsets.UTF_8);
        try (SoftTokenBackend backend = SoftTokens.initialized(dir)) {
            SoftToken token = SoftTokens.token(backend);
            try (LoginTicket user = token.login(UserType.USER, USER_PIN.clone())) {
                token.create(SoftTokens.dataObject("private one", secretValue, true), true);
                token.create(SoftTokens.dataObject("public one", publicValue, false), false);
            }
        }
        assertThat(anyFileContains(SO_PIN), is(false));
        assertThat(anyFileContains(USER_PIN), is(false));
        assertThat(anyFileContains(secretValue), is(false));
        assertThat(anyFileContains(publicValue), is(false));
        assertThat(anyFileContains("private one".getBytes(StandardCharsets.UTF_8)), is(false));
    }

    @Test
    void privateObjectsAreReadableOnlyWhileAUserIsLoggedIn() {
        try (SoftTokenBackend backend = SoftTokens.initialized(dir)) {
            SoftToken token = SoftTokens.token(backend);
            try (LoginTicket user = token.login(UserType.USER, USER_PIN.clone())) {
                token.create(SoftTokens.dataObject("p", new byte[] {1}, true), true);
                assertThat(token.list(), hasSize(1));
            }
            assertThat(token.list(), hasSize(0));
            try (LoginTicket so = token.login(UserType.SO, SO_PIN.clone())) {
                assertThat(token.list(), hasSize(0));
            }
        }
        try (SoftTokenBackend again = new SoftTokenBackend(SoftTokens.cheap(dir))) {
            SoftToken token = SoftTokens.token(again);
            assertThat(token.list(), hasSize(0));
            try (LoginTicket user = token.login(UserType.USER, USER_PIN.clone())) {
                List<? extends TokenObject> objects = List.copyOf(token.list());
                assertThat(objects, hasSize(1));
                assertThat(objects.get(0).withSecret(CKA.VALUE, byte[]::clone), is(new byte[] {1}));
            }
        }
    }

    @Test
    void aTamperedObjectFileIsSkippedAndTheTokenStillWorks() throws IOException {
        try (SoftTokenBackend backend = SoftTokens.initialized(dir)) {
            SoftToken token = SoftTokens.token(backend);
            token.create(SoftTokens.dataObject("one", new byte[] {1}, false), false);
            token.create(SoftTokens.dataObject("two", new byte[] {2}, false), false);
        }
        Path objects = dir.resolve("slot-0/objects");
        List<Path> files;
        try (Stream<Path> list = Files.list(objects)) {
            files = list.sorted().toList();
        }
        Files.write(files.get(0), Files.readAllBytes(files.get(1)));
        try (SoftTokenBackend again = new SoftTokenBackend(SoftTokens.cheap(dir))) {
            SoftToken token = SoftTokens.token(again);
            assertThat(token.list(), hasSize(1));
            assertThat(token.info().initialized(), is(true));
            try (LoginTicket user = token.login(UserType.USER, USER_PIN.clone())) {
                assertThat(user.userType(), is(UserType.USER));
            }
        }
        assertThat("the damaged file is left for inspection", Files.exists(files.get(0)), is(true));
    }

    @Test
    void aSecondProcessCannotServeTheSameToken() {
        try (SoftTokenBackend first = SoftTokens.initialized(dir);
                SoftTokenBackend second = new SoftTokenBackend(SoftTokens.cheap(dir))) {
            assertThat(first.slots().get(0).token().isPresent(), is(true));
            assertThat(second.slots().get(0).token().isPresent(), is(false));
        }
    }

    @Test
    void uninitializedTokensRefuseLoginAndAcceptInitToken() {
        try (SoftTokenBackend backend = new SoftTokenBackend(SoftTokens.cheap(dir))) {
            SoftToken token = SoftTokens.token(backend);
            assertThat(token.info().initialized(), is(false));
            CkException e = assertThrows(CkException.class, () -> token.login(UserType.USER, USER_PIN.clone()));
            assertThat(e.ckr(), is(CKR.USER_PIN_NOT_INITIALIZED));
            token.initToken(SO_PIN.clone(), "first");
            assertThat(token.info().initialized(), is(true));
            assertThat(token.info().label(), is("first"));
        }
    }
}
