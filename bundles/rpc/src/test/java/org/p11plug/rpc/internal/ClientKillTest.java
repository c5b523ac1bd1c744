package org.p11plug.rpc.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p11plug.api.ck.CKM;

/**
 * Client processes killed in the middle of their calls (SIGKILL: no C_Finalize, no close): the
 * bridge ends their connections, closes their sessions and erases their session objects, and a
 * bystander connection signs on between every kill.
 */
class ClientKillTest {
    private static final int ROUNDS = Integer.getInteger("p11plug.kill.rounds", 8);
    private static final String PIN = new String(BridgeFixture.USER_PIN, StandardCharsets.UTF_8);

    static BridgeFixture bridge;

    @BeforeAll
    static void start() throws IOException {
        NativeTools.require("pkcs11-tool");
        bridge = new BridgeFixture();
    }

    @AfterAll
    static void stop() throws IOException {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void killedClientsLeaveNothingBehindAndOthersGoOn() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        try (TestClient bystander = TestClient.initialized(bridge.socket())) {
            long session = RpcServerTest.openSession(bystander);
            RpcServerTest.login(bystander, session);
            long[] pair = RpcServerTest.ecKeyPair(bystander, session);
            int applications = bridge.idleApplications + 1;
            long objects = bridge.engine.status().sessionObjectCount();
            int sessions = bridge.engine.status().sessionCount();
            for (int round = 0; round < ROUNDS; round++) {
                List<Process> victims = new ArrayList<>();
                victims.add(holdingClient());
                for (int i = 0; i < 2; i++) {
                    victims.add(start(NativeTools.CLIENT_MODULE.toString(), "--login", "--pin", PIN, "--test"));
                }
                Thread.sleep(random.nextInt(20, 300));
                assertThat("the holding client is connected when it dies",
                        bridge.engine.status().applicationCount() > applications, is(true));
                for (Process p : victims) {
                    p.destroyForcibly();
                }
                for (Process p : victims) {
                    assertThat(p.waitFor(10, TimeUnit.SECONDS), is(true));
                }
                bridge.awaitApplications(applications);
                assertThat("session objects after round " + round, bridge.engine.status().sessionObjectCount(),
                        is(objects));
                assertThat(bridge.engine.status().sessionCount(), is(sessions));
                RpcServerTest.ok(bystander.call(new Request(RpcCall.C_SIGN_INIT).u(session).mechanism(CKM.ECDSA)
                        .u(pair[1])));
                RpcServerTest.ok(bystander.call(new Request(RpcCall.C_SIGN).u(session).ay(new byte[32]).f(64)));
            }
        }
    }

    /** A SunPKCS11 process that holds sessions and session keys, killed once it says so. */
    private static Process holdingClient() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = processBuilder(java, "-cp", System.getProperty("java.class.path"), HoldingClient.class.getName(),
                NativeTools.CLIENT_MODULE.toString(), Long.toString(BridgeFixture.SLOT), PIN).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            p.destroyForcibly();
            throw new AssertionError("the holding client said " + line);
        }
        return p;
    }

    private static Process start(String module, String... args) throws IOException {
        String[] command = new String[args.length + 3];
        command[0] = "pkcs11-tool";
        command[1] = "--module";
        command[2] = module;
        System.arraycopy(args, 0, command, 3, args.length);
        return processBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static ProcessBuilder processBuilder(String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("P11_KIT_SERVER_ADDRESS", bridge.address());
        return pb;
    }
}
