package org.p11plug.rpc.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p11plug.card.pcsc.internal.PcscBackend;
import org.p11plug.virtualpiv.Pcscd;
import org.p11plug.virtualpiv.VirtualPivCard;
import org.p11plug.virtualpiv.VpcdConnection;

/**
 * Native applications on the virtual PIV card behind a real pcscd, through p11-kit-client.so and
 * the bridge: pkcs11-tool generates the keys on the card, OpenSSL certifies them and pkcs11-tool
 * writes the certificates, then pkcs11-tool, p11tool, OpenSSL and SunPKCS11 sign and decrypt
 * with them, and OpenSSL or the JDK check every result.
 */
class NativePivClientsTest {
    static final String PIN = "123456";
    static final String MODULE = NativeTools.CLIENT_MODULE.toString();
    static final long SLOT = 100;

    static Pcscd pcscd;
    static VpcdConnection inserted;
    static BridgeFixture bridge;
    @TempDir
    static Path work;

    @BeforeAll
    static void provision() throws Exception {
        NativeTools.require("pkcs11-tool", "p11tool", "openssl");
        Optional<String> unavailable = Pcscd.unavailable();
        if (unavailable.isPresent()) {
            Assertions.assertFalse("1".equals(System.getenv("P11PLUG_REQUIRE_PCSC")), unavailable.get());
            Assumptions.abort(unavailable.get());
        }
        pcscd = Pcscd.start(Files.createDirectories(Path.of("target", "pcsc").toAbsolutePath()), 40081);
        inserted = VpcdConnection.insert(VirtualPivCard.inMemory(), "127.0.0.1", pcscd.port());
        bridge = new BridgeFixture(new PcscBackend(SLOT, 200), UnaryOperator.identity());
        awaitToken();
        // 9A (id 01) RSA for signatures, 9E (id 04) P-256 for ECDSA: each certifies itself
        for (String[] key : new String[][] {{"01", "rsa:2048", "sig"}, {"04", "EC:prime256v1", "ec"}}) {
            generate(key[0], key[1]);
            tool("openssl", "req", "-new", "-x509", "-engine", "pkcs11", "-keyform", "engine", "-key",
                    "pkcs11:id=%" + key[0] + ";type=private;pin-value=" + PIN, "-subj", "/CN=piv " + key[2], "-days",
                    "2", "-sha256", "-outform", "DER", "-out", key[2] + ".der");
            storeCertificate(key[0], key[2]);
        }
        // 9D (id 03) RSA for decryption: a key-management key does not sign, so a file CA certifies it
        generate("03", "rsa:2048");
        tool("pkcs11-tool", "--module", MODULE, "--read-object", "--type", "pubkey", "--id", "03", "-o", "dec.pubder");
        tool("openssl", "pkey", "-pubin", "-inform", "DER", "-in", "dec.pubder", "-out", "dec.pub");
        tool("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ca.key");
        tool("openssl", "x509", "-new", "-force_pubkey", "dec.pub", "-subj", "/CN=piv dec", "-key", "ca.key", "-days",
                "2", "-outform", "DER", "-out", "dec.der");
        storeCertificate("03", "dec");
        Files.writeString(work.resolve("data.txt"), "signed on a PIV card through p11-kit-client.so\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (inserted != null) {
            inserted.close();
        }
        if (pcscd != null) {
            pcscd.close();
        }
    }

    @Test
    void pkcs11ToolSeesTheCardAndItsObjects() throws Exception {
        assertThat(tool("pkcs11-tool", "--module", MODULE, "-L").output(), containsString(Pcscd.READER));
        String objects = tool("pkcs11-tool", "--module", MODULE, "--login", "--pin", PIN, "-O").output();
        assertThat(objects, containsString("CN=piv sig"));
        assertThat(objects, containsString("Private Key Object; EC"));
    }

    @Test
    void signaturesAndDecryptionOnTheCardCheckOutWithOpenssl() throws Exception {
        tool("pkcs11-tool", "--module", MODULE, "--login", "--pin", PIN, "--sign", "--id", "01", "-m",
                "SHA256-RSA-PKCS", "-i", "data.txt", "-o", "sig.sig");
        assertThat(tool("openssl", "dgst", "-sha256", "-verify", "sig.pub", "-signature", "sig.sig", "data.txt")
                .output(), containsString("Verified OK"));
        tool("openssl", "dgst", "-sha256", "-binary", "-out", "digest.bin", "data.txt");
        tool("pkcs11-tool", "--module", MODULE, "--login", "--pin", PIN, "--sign", "--id", "04", "-m", "ECDSA", "-i",
                "digest.bin", "-o", "ec.sig", "--signature-format", "openssl");
        assertThat(tool("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "ec.pub", "-in", "digest.bin",
                "-sigfile", "ec.sig").output(), containsString("Signature Verified Successfully"));
        tool("openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", "dec.pub", "-in", "data.txt", "-out", "data.enc");
        tool("pkcs11-tool", "--module", MODULE, "--login", "--pin", PIN, "--decrypt", "--id", "03", "-m", "RSA-PKCS",
                "-i", "data.enc", "-o", "data.dec");
        assertThat(Files.readString(work.resolve("data.dec")), equalTo(Files.readString(work.resolve("data.txt"))));
    }

    @Test
    void p11toolAndOpensslSignWithTheCard() throws Exception {
        String objects = tool("p11tool", "--provider", MODULE, "--login", "--list-all", "pkcs11:").output();
        assertThat(objects, containsString("X.509 Certificate"));
        assertThat(tool("p11tool", "--provider", MODULE, "--login", "--test-sign", "pkcs11:id=%04").output(),
                containsString("Verifying against public key in the token... ok"));
        tool("openssl", "dgst", "-engine", "pkcs11", "-keyform", "engine", "-sign",
                "pkcs11:id=%01;type=private;pin-value=" + PIN, "-sha256", "-out", "engine.sig", "data.txt");
        assertThat(tool("openssl", "dgst", "-sha256", "-verify", "sig.pub", "-signature", "engine.sig", "data.txt")
                .output(), containsString("Verified OK"));
    }

    @Test
    void sunPkcs11SignsAndDecryptsWithTheCard() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // SunPKCS11 names an entry after its certificate's label, which the PIV driver gives by slot
        String out = tool(java, "-cp", System.getProperty("java.class.path"), SunPkcs11Client.class.getName(),
                MODULE, Long.toString(SLOT), PIN, "Certificate for PIV Authentication",
                "Certificate for Card Authentication", "4", "Certificate for Key Management").output();
        assertThat(out, containsString("SHA256withRSA ok"));
        assertThat(out, containsString("RSASSA-PSS ok"));
        assertThat(out, containsString("SHA256withECDSA ok"));
        assertThat(out, containsString("RSA/ECB/PKCS1Padding ok"));
        assertThat(out, containsString("4 threads x 50 signatures ok"));
    }

    private static void generate(String id, String type) throws Exception {
        tool("pkcs11-tool", "--module", MODULE, "--login", "--pin", PIN, "--keypairgen", "--key-type", type, "--id", id);
    }

    private static void storeCertificate(String id, String name) throws Exception {
        tool("pkcs11-tool", "--module", MODULE, "--login", "--pin", PIN, "--write-object", name + ".der", "--type",
                "cert", "--id", id);
        tool("openssl", "x509", "-inform", "DER", "-in", name + ".der", "-pubkey", "-noout", "-out", name + ".pub");
    }

    private static void awaitToken() throws Exception {
        for (int i = 0; i < 100; i++) {
            // "No slots." (exit 1) until the backend has seen the reader and the card
            if (NativeTools.run(bridge.address(), work, Map.of(), "pkcs11-tool", "--module", MODULE, "-L").output()
                    .contains("token label")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the virtual card never showed as a token");
    }

    static NativeTools.Result tool(String... command) throws Exception {
        NativeTools.Result r = NativeTools.run(bridge.address(), work,
                Map.of("PKCS11_MODULE_PATH", MODULE, "GNUTLS_PIN", PIN), command);
        assertThat(String.join(" ", command) + "\n" + r.output(), r.exit(), is(0));
        return r;
    }
}
