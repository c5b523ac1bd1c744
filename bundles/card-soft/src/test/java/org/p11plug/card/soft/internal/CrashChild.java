package org.p11plug.card.soft.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CKA;
import org.p11plug.spi.store.StoredValue;
import org.p11plug.spi.token.LoginTicket;
import org.p11plug.spi.token.TokenObject;

/**
 * A separate JVM for the crash tests, killed with SIGKILL at a moment the test chooses:
 * <ul>
 *   <li>{@code write DIR}: creates, updates and destroys token objects in a loop, forever;</li>
 *   <li>{@code login DIR PIN KIB}: logs in once with an expensive PIN derivation.</li>
 * </ul>
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("write")) {
            write(dir);
        } else {
            login(dir, args[2].getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void write(Path dir) {
        SoftTokenBackend backend = new SoftTokenBackend(SoftTokens.cheap(dir));
        SoftToken token = SoftTokens.token(backend);
        LoginTicket user = token.login(UserType.USER, SoftTokens.USER_PIN.clone());
        System.out.println("ready");
        System.out.flush();
        for (long i = 0; ; i++) {
            boolean isPrivate = i % 2 == 0;
            TokenObject o = token.create(SoftTokens.dataObject("obj" + i, new byte[] {(byte) i}, isPrivate), isPrivate);
            o.update(List.of(StoredValue.plain(CKA.LABEL, ("renamed" + i).getBytes(StandardCharsets.UTF_8))));
            if (i % 3 == 0) {
                token.destroy(o);
            }
        }
    }

    private static void login(Path dir, byte[] pin) {
        SoftTokenBackend backend = new SoftTokenBackend(SoftTokens.cheap(dir));
        SoftToken token = SoftTokens.token(backend);
        System.out.println("checking");
        System.out.flush();
        token.login(UserType.USER, pin).close();
        System.out.println("done");
        System.out.flush();
    }
}
