package org.p11plug.rpc.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.p11plug.api.CryptokiService;

/**
 * The bridge as a DS component: listens while a {@link CryptokiService} is there and its
 * configuration ({@code org.p11plug.rpc}) holds; a changed configuration restarts it, which
 * ends the connections (clients see CKR_DEVICE_ERROR and initialize again).
 */
@Component(name = "org.p11plug.rpc", immediate = true, service = {}, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RpcConfig.class)
public final class RpcServerComponent {
    private final RpcServer server;

    @Activate
    public RpcServerComponent(@Reference CryptokiService service, RpcConfig config) throws IOException {
        Path path = config.socket_path().isBlank()
                ? SocketPaths.clientDefault(System.getenv(), SocketPaths.processUid(), System.getProperty("user.home"))
                : Path.of(config.socket_path());
        RpcSettings settings = new RpcSettings(path, RpcSettings.mode(config.socket_mode()),
                RpcSettings.mode(config.directory_mode()), List.of(config.allowed_users()), config.max_frame_bytes(),
                config.max_connections(), config.max_calls_in_flight());
        server = new RpcServer(service, settings);
    }

    @Deactivate
    void deactivate() {
        server.close();
    }
}
