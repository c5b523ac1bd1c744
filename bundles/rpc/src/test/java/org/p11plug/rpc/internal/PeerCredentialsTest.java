package org.p11plug.rpc.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A socket opened to others: the file permissions let another user's process connect, and the
 * SO_PEERCRED check against allowed.users decides whether it is served. The other user is
 * {@code nobody}, reached with setpriv (the test runs as root, as CI does).
 */
class PeerCredentialsTest {
    @TempDir
    Path work;

    @Test
    void onlyAllowedUsersAreServed() throws Exception {
        NativeTools.require("pkcs11-tool", "setpriv");
        assumeTrue(SocketPaths.processUid() == 0, "switching to another user needs root");
        Path shared = Files.createDirectory(work.resolve("shared"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = shared.resolve("run/pkcs11");
        try (BridgeFixture bridge = new BridgeFixture(null, s -> open(s, socket, List.of()))) {
            assertThat("root, the server's own user", listAs(bridge, null), containsString("token label"));
            assertThat("nobody is not allowed", listAs(bridge, "65534"), not(containsString("token label")));
        }
        try (BridgeFixture bridge = new BridgeFixture(null, s -> open(s, socket, List.of("nobody")))) {
            assertThat(listAs(bridge, "65534"), containsString("token label"));
        }
    }

    private static RpcSettings open(RpcSettings defaults, Path socket, List<String> users) {
        return new RpcSettings(socket, RpcSettings.mode("0666"), RpcSettings.mode("0755"), users,
                defaults.maxFrameBytes(), defaults.maxConnections(), defaults.maxCallsInFlight());
    }

    private String listAs(BridgeFixture bridge, String uid) throws Exception {
        String module = NativeTools.CLIENT_MODULE.toString();
        String[] command = uid == null ? new String[] {"pkcs11-tool", "--module", module, "-L"}
                : new String[] {"setpriv", "--reuid=" + uid, "--regid=65534", "--clear-groups", "pkcs11-tool",
                    "--module", module, "-L"};
        return NativeTools.run(bridge.address(), work, Map.of(), command).output();
    }
}
