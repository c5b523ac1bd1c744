package org.p11plug.rpc.internal;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CryptokiService;

/**
 * The bridge's listening socket: accepts p11-kit clients on a Unix domain socket, checks each
 * peer's user with {@code SO_PEERCRED} against the allow list, and serves each connection on a
 * thread of its own as one PKCS#11 application.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RpcServer.class.getName());

    private final CryptokiService service;
    private final RpcSettings settings;
    private final Set<UserPrincipal> allowed = new HashSet<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final @Nullable SocketOption<?> peerCredentials;
    private volatile boolean closed;

    /** Binds the socket and starts accepting. */
    public RpcServer(CryptokiService service, RpcSettings settings) throws IOException {
        this.service = service;
        this.settings = settings;
        resolveAllowedUsers();
        Path path = settings.socketPath();
        prepareDirectory(path.toAbsolutePath().getParent());
        removeStaleSocket(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, settings.socketMode());
        } catch (IOException e) {
            server.close();
            throw e;
        }
        peerCredentials = findPeerCredentialOption();
        acceptor = new Thread(this::acceptLoop, "p11plug-rpc-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info(() -> "p11-kit RPC bridge listening on " + path);
    }

    public Path path() {
        return settings.socketPath();
    }

    /** @return the connections being served now */
    int connectionCount() {
        return connections.size();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "p11-kit RPC: accept failed", e);
                }
                continue;
            }
            if (!admitted(channel)) {
                closeQuietly(channel);
                continue;
            }
            if (connections.size() >= settings.maxConnections()) {
                LOG.warning(() -> "p11-kit RPC: " + settings.maxConnections() + " connections already; refusing one");
                closeQuietly(channel);
                continue;
            }
            Connection connection = new Connection(channel, service, settings, connections::remove);
            connections.add(connection);
            if (closed) {
                connection.close();
                return;
            }
            Thread t = new Thread(connection, "p11plug-rpc-" + connection.id());
            t.setDaemon(true);
            t.start();
        }
    }

    private boolean admitted(SocketChannel channel) {
        SocketOption<?> option = peerCredentials;
        if (option == null) {
            return true; // the socket's permissions are the only check there is (not Linux)
        }
        UserPrincipal user = null;
        try {
            user = peerUser(channel.getOption(option));
        } catch (IOException | ReflectiveOperationException e) {
            LOG.log(Level.WARNING, "p11-kit RPC: cannot read a peer's credentials; refused", e);
            return false;
        }
        if (user != null && allowed.contains(user)) {
            return true;
        }
        String name = user == null ? "an unknown user" : user.getName();
        LOG.warning(() -> "p11-kit RPC: refused a connection of " + name + " (not in allowed.users)");
        return false;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the RPC socket", e);
        }
        for (Connection c : connections) {
            c.close();
        }
        try {
            acceptor.join(2000);
            Files.deleteIfExists(settings.socketPath());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(Level.FINE, "removing the RPC socket", e);
        }
    }

    private void resolveAllowedUsers() throws IOException {
        UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        allowed.add(users.lookupPrincipalByName(Long.toString(SocketPaths.processUid())));
        for (String name : settings.allowedUsers()) {
            try {
                allowed.add(users.lookupPrincipalByName(name.trim()));
            } catch (IOException e) {
                LOG.warning(() -> "p11-kit RPC: allowed user " + name + " does not exist; ignored");
            }
        }
    }

    private void prepareDirectory(@Nullable Path directory) throws IOException {
        if (directory == null || Files.isDirectory(directory)) {
            return;
        }
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(settings.directoryMode()));
        // createDirectories applies the umask: set the mode asked for
        Files.setPosixFilePermissions(directory, settings.directoryMode());
    }

    /** A socket file nobody listens on is left by a crashed server: remove it; a live one is an error. */
    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new IOException(path + " exists and is not a socket");
        }
        boolean live;
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            live = true;
        } catch (IOException e) {
            live = false;
        }
        if (live) {
            throw new IOException("another server listens on " + path);
        }
        Files.delete(path);
    }

    /**
     * The user of a {@code jdk.net.UnixDomainPrincipal}, read reflectively: {@code jdk.net} is a
     * JDK module that OSGi frameworks do not all export, and the bundle should resolve in each.
     */
    private static @Nullable UserPrincipal peerUser(@Nullable Object principal) throws ReflectiveOperationException {
        if (principal == null) {
            return null;
        }
        Object user = principal.getClass().getMethod("user").invoke(principal);
        return user instanceof UserPrincipal u ? u : null;
    }

    private static @Nullable SocketOption<?> findPeerCredentialOption() {
        // jdk.net.ExtendedSocketOptions.SO_PEERCRED, found by name so that the bundle needs no jdk.net import
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            for (SocketOption<?> o : probe.supportedOptions()) {
                if (o.name().equals("SO_PEERCRED")) {
                    return o;
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "probing socket options", e);
        }
        LOG.warning("p11-kit RPC: SO_PEERCRED is not available; only the socket's permissions guard it");
        return null;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing a refused connection", e);
        }
    }
}
