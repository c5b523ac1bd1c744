package org.p11plug.rpc.internal;

/** Runs the test bridge until killed: {@code java -cp ... BridgeMain} prints the socket path (for trying native clients by hand). */
final class BridgeMain {
    private BridgeMain() {
    }

    public static void main(String[] args) throws Exception {
        try (BridgeFixture bridge = new BridgeFixture()) {
            System.out.println(bridge.address());
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
