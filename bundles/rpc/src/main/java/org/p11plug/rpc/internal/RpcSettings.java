package org.p11plug.rpc.internal;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * How the bridge listens: the socket, its file and directory modes, who may connect, and the
 * caps that keep a hostile client from making the server allocate without bound.
 *
 * @param socketPath where to listen
 * @param socketMode the socket file's permissions (connecting needs write permission)
 * @param directoryMode the permissions of the socket's directory when the bridge creates it
 * @param allowedUsers user names or numeric uids, besides the server's own user, whose
 *     processes may connect (checked with SO_PEERCRED)
 * @param maxFrameBytes the largest request body accepted (a larger one closes the connection)
 *     and the most random bytes one call returns
 * @param maxConnections connections served at once; further ones are closed at once
 * @param maxCallsInFlight calls of one connection running at once; the connection reads no
 *     further request until one ends
 */
public record RpcSettings(
        Path socketPath,
        Set<PosixFilePermission> socketMode,
        Set<PosixFilePermission> directoryMode,
        List<String> allowedUsers,
        int maxFrameBytes,
        int maxConnections,
        int maxCallsInFlight) {

    static final int DEFAULT_MAX_FRAME_BYTES = 16 << 20;
    static final int DEFAULT_MAX_CONNECTIONS = 64;
    static final int DEFAULT_MAX_CALLS_IN_FLIGHT = 16;

    public RpcSettings {
        socketMode = Set.copyOf(socketMode);
        directoryMode = Set.copyOf(directoryMode);
        allowedUsers = List.copyOf(allowedUsers);
        if (maxFrameBytes < 1024 || maxConnections < 1 || maxCallsInFlight < 1) {
            throw new IllegalArgumentException("invalid RPC limits");
        }
    }

    /** Private to this user, the default caps. */
    public static RpcSettings privateSocket(Path socketPath) {
        return new RpcSettings(socketPath, PosixFilePermissions.fromString("rw-------"),
                PosixFilePermissions.fromString("rwx------"), List.of(), DEFAULT_MAX_FRAME_BYTES,
                DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CALLS_IN_FLIGHT);
    }

    /** Parses an octal mode such as {@code 0600}. */
    static Set<PosixFilePermission> mode(String octal) {
        int bits = Integer.parseInt(octal.trim(), 8);
        if (bits < 0 || bits > 0777) {
            throw new IllegalArgumentException("mode " + octal);
        }
        StringBuilder s = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((bits & (0400 >> i)) != 0 ? letters.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }
}
