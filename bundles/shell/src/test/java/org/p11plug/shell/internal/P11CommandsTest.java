package org.p11plug.shell.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p11plug.api.Attribute;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.Pin;
import org.p11plug.api.Session;
import org.p11plug.api.Template;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CKO;
import org.p11plug.card.soft.internal.SoftTokenBackend;
import org.p11plug.card.soft.internal.SoftTokenSettings;
import org.p11plug.engine.StandaloneEngine;
import org.p11plug.store.heap.internal.HeapSessionObjectStore;

class P11CommandsTest {
    @TempDir
    Path dir;

    private SoftTokenBackend backend;
    private StandaloneEngine engine;
    private P11Commands commands;
    private CryptokiService other;

    @BeforeEach
    void setUp() {
        backend = new SoftTokenBackend(SoftTokenSettings.defaults(dir).withCheapKdf());
        backend.initializeIfNew(0, "shell token", "so-pin-1".getBytes(StandardCharsets.UTF_8),
                "1234".getBytes(StandardCharsets.UTF_8));
        engine = new StandaloneEngine().bindStore(new HeapSessionObjectStore()).addBackend(backend);
        commands = new P11Commands(engine.service("shell"));
        other = engine.service("someone else");
    }

    @AfterEach
    void tearDown() {
        engine.close();
        backend.close();
    }

    @Test
    void slotsAndTokensAreListed() {
        assertThat(commands.slots(), containsString("p11plug soft token slot 0"));
        assertThat(commands.tokens(), containsString("shell token"));
        assertThat(commands.tokens(), containsString("user PIN set"));
    }

    @Test
    void objectsShowWhatTheShellsSessionSees() {
        try (Session s = other.getSlot(0).getToken().openReadWriteSession(); Pin pin = Pin.of("1234".toCharArray())) {
            s.createObject(Template.of(Attribute.CLASS.of(CKO.DATA), Attribute.LABEL.of("public token object"),
                    Attribute.TOKEN.of(true)));
            s.createObject(Template.of(Attribute.CLASS.of(CKO.DATA), Attribute.LABEL.of("someone else's session object")));
            s.login(UserType.USER, pin);
            s.createObject(Template.of(Attribute.CLASS.of(CKO.DATA), Attribute.LABEL.of("private token object"),
                    Attribute.TOKEN.of(true), Attribute.PRIVATE.of(true)));
            String anonymous = commands.objects(0);
            assertThat(anonymous, containsString("public token object"));
            assertThat(anonymous, not(containsString("private token object")));
            assertThat(anonymous, not(containsString("someone else's")));
            assertThat(commands.objects(0, "1234"), containsString("private token object"));
            assertThat(commands.objects(0, "wrong"), containsString("CKR_PIN_INCORRECT"));
        }
    }
}
