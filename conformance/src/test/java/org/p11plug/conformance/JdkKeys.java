package org.p11plug.conformance;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Key pairs made by the JDK's own providers (SunRsaSign, SunEC), generated once per run and
 * shared by every test: the independent side of the cross-checks, and cheap fixtures.
 */
final class JdkKeys {
    /** A curve as PKCS#11 names it (CKA_EC_PARAMS: the DER of its OID) and as the JDK does. */
    record Curve(String jdkName, String algorithm, byte[] params, int fieldBytes, int publicBytes) {
        @Override
        public String toString() {
            return jdkName;
        }
    }

    static final Curve P256 = new Curve("secp256r1", "EC", hex("06082a8648ce3d030107"), 32, 65);
    static final Curve P384 = new Curve("secp384r1", "EC", hex("06052b81040022"), 48, 97);
    static final Curve P521 = new Curve("secp521r1", "EC", hex("06052b81040023"), 66, 133);
    static final Curve ED25519 = new Curve("Ed25519", "Ed25519", hex("06032b6570"), 32, 32);
    static final Curve ED448 = new Curve("Ed448", "Ed448", hex("06032b6571"), 57, 57);
    static final Curve X25519 = new Curve("X25519", "X25519", hex("06032b656e"), 32, 32);
    static final Curve X448 = new Curve("X448", "X448", hex("06032b656f"), 56, 56);

    private static final Map<String, KeyPair> PAIRS = new ConcurrentHashMap<>();

    private JdkKeys() {
    }

    static KeyPair rsa2048() {
        return KeyMaterial.RSA;
    }

    /** A second RSA pair, for tests that need a key that is not the first one. */
    static KeyPair otherRsa2048() {
        return PAIRS.computeIfAbsent("rsa-2", n -> generate("RSA", 2048));
    }

    static KeyPair pair(Curve curve) {
        return pair(curve, "1");
    }

    /** One of several pairs on the curve, by tag ("1", "2", ...): ECDH needs two parties. */
    static KeyPair pair(Curve curve, String tag) {
        return PAIRS.computeIfAbsent(curve.jdkName() + "-" + tag, n -> {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance(curve.algorithm());
                if (curve.algorithm().equals("EC")) {
                    g.initialize(new ECGenParameterSpec(curve.jdkName()));
                }
                return g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            g.initialize(size);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The uncompressed point 04 || X || Y. */
    static byte[] uncompressed(Curve curve, ECPublicKey key) {
        return CryptoTest.concat(new byte[] {4}, fixed(key.getW().getAffineX(), curve.fieldBytes()),
                fixed(key.getW().getAffineY(), curve.fieldBytes()));
    }

    /** The raw public key of an EdDSA or XDH pair: the key bytes that end its SubjectPublicKeyInfo. */
    static byte[] rawPublic(KeyPair pair) {
        byte[] spki = pair.getPublic().getEncoded();
        String curve = pair.getPublic() instanceof java.security.interfaces.EdECKey ed ? ed.getParams().getName()
                : ((java.security.spec.NamedParameterSpec) ((java.security.interfaces.XECKey) pair.getPublic()).getParams()).getName();
        int n = switch (curve) {
            case "Ed448" -> 57;
            case "X448" -> 56;
            default -> 32;
        };
        return Arrays.copyOfRange(spki, spki.length - n, spki.length);
    }

    /** A DER OCTET STRING around the bytes (short or one-byte long form: enough for points). */
    static byte[] octetString(byte[] content) {
        if (content.length < 128) {
            return CryptoTest.concat(new byte[] {4, (byte) content.length}, content);
        }
        return CryptoTest.concat(new byte[] {4, (byte) 0x81, (byte) content.length}, content);
    }

    static byte[] fixed(BigInteger v, int length) {
        byte[] u = KeyMaterial.unsigned(v);
        byte[] out = new byte[length];
        System.arraycopy(u, 0, out, length - u.length, u.length);
        return out;
    }

    /** A JDK public key from a DER SubjectPublicKeyInfo, as CKA_PUBLIC_KEY_INFO holds it. */
    static PublicKey publicKey(String algorithm, byte[] spki) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
