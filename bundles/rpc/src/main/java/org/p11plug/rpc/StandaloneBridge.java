package org.p11plug.rpc;

import java.io.IOException;
import java.nio.file.Path;
import org.p11plug.api.CryptokiService;
import org.p11plug.rpc.internal.RpcServer;
import org.p11plug.rpc.internal.RpcSettings;
import org.p11plug.rpc.internal.SocketPaths;

/**
 * The native bridge without OSGi (tests, benchmarks, plain-classpath programs): p11-kit's RPC
 * protocol served on a Unix domain socket private to this user (directory 0700, socket 0600),
 * one PKCS#11 application per connection. Close it to stop listening and end every connection.
 *
 * <pre>{@code
 * try (StandaloneBridge bridge = StandaloneBridge.listen(engine.service("bridge"), socket)) {
 *     // P11_KIT_SERVER_ADDRESS=unix:path=<socket> pkcs11-tool --module .../p11-kit-client.so -L
 * }
 * }</pre>
 */
public final class StandaloneBridge implements AutoCloseable {
    private final RpcServer server;

    private StandaloneBridge(RpcServer server) {
        this.server = server;
    }

    /** Listens on {@code socket}. */
    public static StandaloneBridge listen(CryptokiService service, Path socket) throws IOException {
        return new StandaloneBridge(new RpcServer(service, RpcSettings.privateSocket(socket)));
    }

    /** Listens where this user's p11-kit-client.so looks when P11_KIT_SERVER_ADDRESS is unset. */
    public static StandaloneBridge listenOnClientDefault(CryptokiService service) throws IOException {
        return listen(service, SocketPaths.clientDefault(System.getenv(), SocketPaths.processUid(),
                System.getProperty("user.home")));
    }

    public Path socket() {
        return server.path();
    }

    /** The value of P11_KIT_SERVER_ADDRESS that reaches this bridge. */
    public String address() {
        return "unix:path=" + server.path();
    }

    @Override
    public void close() {
        server.close();
    }
}
