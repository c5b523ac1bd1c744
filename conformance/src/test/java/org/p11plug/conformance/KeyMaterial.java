package org.p11plug.conformance;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.raw.RawAttribute;

/**
 * Real key material for object tests, generated once by the JDK (a fixture shared by every
 * test, so that RSA key generation is paid once per run).
 */
final class KeyMaterial {
    static final KeyPair RSA = generate("RSA", 2048);
    static final KeyPair EC = generateEc();

    /** DER of the OID 1.2.840.10045.3.1.7 (P-256), as CKA_EC_PARAMS carries it. */
    static final byte[] P256_PARAMS = HexFormat.of().parseHex("06082a8648ce3d030107");

    private KeyMaterial() {
    }

    static RawAttribute[] rsaPublic(RawAttribute... extra) {
        RSAPublicKey k = (RSAPublicKey) RSA.getPublic();
        return concat(new RawAttribute[] {
                RawAttribute.ofLong(CKA.CLASS, CKO.PUBLIC_KEY), RawAttribute.ofLong(CKA.KEY_TYPE, CKK.RSA),
                RawAttribute.of(CKA.MODULUS, unsigned(k.getModulus())),
                RawAttribute.of(CKA.PUBLIC_EXPONENT, unsigned(k.getPublicExponent()))}, extra);
    }

    static RawAttribute[] rsaPrivate(RawAttribute... extra) {
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) RSA.getPrivate();
        return concat(new RawAttribute[] {
                RawAttribute.ofLong(CKA.CLASS, CKO.PRIVATE_KEY), RawAttribute.ofLong(CKA.KEY_TYPE, CKK.RSA),
                RawAttribute.of(CKA.MODULUS, unsigned(k.getModulus())),
                RawAttribute.of(CKA.PUBLIC_EXPONENT, unsigned(k.getPublicExponent())),
                RawAttribute.of(CKA.PRIVATE_EXPONENT, unsigned(k.getPrivateExponent())),
                RawAttribute.of(CKA.PRIME_1, unsigned(k.getPrimeP())),
                RawAttribute.of(CKA.PRIME_2, unsigned(k.getPrimeQ())),
                RawAttribute.of(CKA.EXPONENT_1, unsigned(k.getPrimeExponentP())),
                RawAttribute.of(CKA.EXPONENT_2, unsigned(k.getPrimeExponentQ())),
                RawAttribute.of(CKA.COEFFICIENT, unsigned(k.getCrtCoefficient()))}, extra);
    }

    static RawAttribute[] ecPublic(RawAttribute... extra) {
        ECPublicKey k = (ECPublicKey) EC.getPublic();
        byte[] x = fixed(k.getW().getAffineX(), 32);
        byte[] y = fixed(k.getW().getAffineY(), 32);
        byte[] point = new byte[2 + 65];
        point[0] = 0x04;
        point[1] = 65;
        point[2] = 0x04;
        System.arraycopy(x, 0, point, 3, 32);
        System.arraycopy(y, 0, point, 35, 32);
        return concat(new RawAttribute[] {
                RawAttribute.ofLong(CKA.CLASS, CKO.PUBLIC_KEY), RawAttribute.ofLong(CKA.KEY_TYPE, CKK.EC),
                RawAttribute.of(CKA.EC_PARAMS, P256_PARAMS), RawAttribute.of(CKA.EC_POINT, point)}, extra);
    }

    static RawAttribute[] aes(byte[] value, RawAttribute... extra) {
        return concat(new RawAttribute[] {
                RawAttribute.ofLong(CKA.CLASS, CKO.SECRET_KEY), RawAttribute.ofLong(CKA.KEY_TYPE, CKK.AES),
                RawAttribute.of(CKA.VALUE, value)}, extra);
    }

    static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] fixed(BigInteger v, int length) {
        byte[] u = unsigned(v);
        byte[] out = new byte[length];
        System.arraycopy(u, 0, out, length - u.length, u.length);
        return out;
    }

    static RawAttribute[] concat(RawAttribute[] base, RawAttribute... extra) {
        RawAttribute[] all = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
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

    private static KeyPair generateEc() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
