package org.p11plug.rpc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "p11plug native bridge",
        description = "Serves p11-kit's RPC protocol so that native PKCS#11 applications reach p11plug through p11-kit-client.so.")
@interface RpcConfig {
    @AttributeDefinition(name = "Socket path", description = "Empty: where p11-kit-client.so of this user looks when"
            + " P11_KIT_SERVER_ADDRESS is unset ($XDG_RUNTIME_DIR/p11-kit/pkcs11, else /run/user/UID/p11-kit/pkcs11,"
            + " else ~/.cache/p11-kit/pkcs11). Other users reach another path through"
            + " P11_KIT_SERVER_ADDRESS=unix:path=...")
    String socket_path() default "";

    @AttributeDefinition(name = "Socket mode", description = "Octal permissions of the socket file; 0666 opens it to others (then list them in allowed.users).")
    String socket_mode() default "0600";

    @AttributeDefinition(name = "Directory mode", description = "Octal permissions of the socket's directory when the bridge creates it.")
    String directory_mode() default "0700";

    @AttributeDefinition(name = "Allowed users", description = "User names or uids, besides the server's own user, whose processes may connect (SO_PEERCRED).")
    String[] allowed_users() default {};

    @AttributeDefinition(name = "Largest frame (bytes)", description = "A bigger request closes its connection.")
    int max_frame_bytes() default RpcSettings.DEFAULT_MAX_FRAME_BYTES;

    @AttributeDefinition(name = "Connections", description = "Connections served at once.")
    int max_connections() default RpcSettings.DEFAULT_MAX_CONNECTIONS;

    @AttributeDefinition(name = "Calls in flight per connection", description = "Calls of one client process that run side by side.")
    int max_calls_in_flight() default RpcSettings.DEFAULT_MAX_CALLS_IN_FLIGHT;
}
