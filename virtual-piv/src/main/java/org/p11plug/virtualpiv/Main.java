package org.p11plug.virtualpiv;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The virtual PIV card as a program: inserts a card into a vpcd reader and keeps it there,
 * coming back when pcscd restarts.
 *
 * <pre>
 * java -jar virtual-piv/target/p11plug-virtual-piv.jar [--host 127.0.0.1] [--port 35963] [--state FILE]
 * </pre>
 *
 * With {@code --state} the card's keys, objects and PIN counters are kept in FILE (created on
 * first run); without it the card lives in memory. Default PIN 123456, PUK 12345678, 3DES
 * management key 010203040506070801020304050607080102030405060708. A development card: its
 * state file holds private keys in clear; never put real keys in it.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String host = "127.0.0.1";
        int port = 35963;
        Path state = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--state" -> state = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: java -jar p11plug-virtual-piv.jar [--host H] [--port N] [--state FILE]");
                    System.exit(2);
                }
            }
        }
        VirtualPivCard card = state == null ? VirtualPivCard.inMemory() : VirtualPivCard.persistentIn(state);
        System.out.println("virtual PIV card (" + (state == null ? "in memory" : "state in " + state)
                + "), a development card: no place for real keys");
        boolean announced = false;
        while (true) {
            try (VpcdConnection connection = VpcdConnection.insert(card, host, port)) {
                System.out.println("inserted into the vpcd reader at " + host + ":" + port);
                announced = false;
                connection.awaitRemoval();
                System.out.println("the reader went away; waiting for it");
            } catch (IOException e) {
                if (!announced) {
                    System.out.println("no vpcd reader at " + host + ":" + port + " (is pcscd running with vpcd?); retrying");
                    announced = true;
                }
            }
            Thread.sleep(1000);
        }
    }
}
