package org.p11plug.card.pcsc.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.p11plug.api.CkException;
import org.p11plug.api.ck.CKR;
import org.p11plug.spi.crypto.SoftwareCrypto;

/**
 * The PIV card management key (9B), which key generation and certificate writes need. PKCS#11
 * has no place for it (an application cannot hold SO and user sessions at once), so it comes
 * from the backend's configuration ({@code management.key}, {@code management.key.algorithm});
 * the default is the PIV default 3DES key the tools here use. Erased when the backend stops.
 */
final class ManagementKey {
    /** The well-known default of PIV cards and the tools: 0102030405060708 three times. */
    static final String DEFAULT_HEX = "010203040506070801020304050607080102030405060708";
    final int algorithm;
    private final byte[] key;

    ManagementKey(int algorithm, byte[] key) {
        this.algorithm = algorithm;
        this.key = key;
    }

    /** From configuration: {@code 3des}, {@code aes128}, {@code aes192} or {@code aes256}, and the key in hex. */
    static ManagementKey parse(String algorithm, char[] hex) {
        int alg = switch (algorithm.toLowerCase(Locale.ROOT)) {
            case "3des", "tdes" -> 0x03;
            case "aes128" -> 0x08;
            case "aes192" -> 0x0A;
            case "aes256" -> 0x0C;
            default -> throw new IllegalArgumentException("management key algorithm " + algorithm);
        };
        byte[] key = HexFormat.of().parseHex(java.nio.CharBuffer.wrap(hex));
        int expected = alg == 0x03 || alg == 0x0A ? 24 : alg == 0x08 ? 16 : 32;
        if (key.length != expected) {
            throw new IllegalArgumentException("a management key of this algorithm has " + expected + " bytes");
        }
        return new ManagementKey(alg, key);
    }

    int blockSize() {
        return algorithm == 0x03 ? 8 : 16;
    }

    byte[] crypt(int mode, byte[] block) {
        boolean des = algorithm == 0x03;
        try {
            Cipher c = SoftwareCrypto.cipher(des ? "DESede/ECB/NoPadding" : "AES/ECB/NoPadding");
            c.init(mode, new SecretKeySpec(key, des ? "DESede" : "AES"));
            return c.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new CkException(CKR.DEVICE_ERROR, "management key: " + e.getMessage());
        }
    }

    /** A copy for one card token, erased when that card goes. */
    ManagementKey copy() {
        return new ManagementKey(algorithm, key.clone());
    }

    void erase() {
        Arrays.fill(key, (byte) 0);
    }
}
