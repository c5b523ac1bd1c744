package org.p11plug.rpc.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where {@code p11-kit-client.so} looks for its server when {@code P11_KIT_SERVER_ADDRESS} is
 * unset: {@code <runtime directory>/p11-kit/pkcs11}, with the runtime directory found as
 * p11-kit 0.24's {@code p11_get_runtime_directory} finds it. Listening there means the same
 * user's clients need no setup at all.
 */
public final class SocketPaths {
    private SocketPaths() {
    }

    public static Path clientDefault(Map<String, String> env, long uid, String home) {
        return runtimeDirectory(env, uid, home).resolve("p11-kit").resolve("pkcs11");
    }

    static Path runtimeDirectory(Map<String, String> env, long uid, String home) {
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isEmpty()) {
            return Path.of(runtime);
        }
        for (String base : new String[] {"/run", "/var/run"}) {
            Path candidate = Path.of(base, "user", Long.toString(uid));
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        String cache = env.get("XDG_CACHE_HOME");
        if (cache != null && !cache.isEmpty()) {
            return Path.of(cache);
        }
        return Path.of(home, ".cache");
    }

    /** The uid this process runs as: the owner of {@code /proc/self}. */
    public static long processUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (Exception e) {
            throw new IllegalStateException("cannot tell this process's uid (not Linux?)", e);
        }
    }
}
