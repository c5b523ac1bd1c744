package org.p11plug.jca.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.raw.RawAttribute;

/**
 * A private key from elsewhere (a JDK or Bouncy Castle key with its value) as the template of a
 * PKCS#11 private key object: RSA with its CRT values, EC by curve OID and scalar, Ed25519/Ed448
 * and X25519/X448 by curve OID and their RFC 8032/7748 bytes. The object is sensitive and never
 * extractable; its usages follow the key type (sign and decrypt for RSA, sign and derive for EC,
 * sign for EdDSA, derive for XDH). The key's own encoding is read once and overwritten; the
 * BigIntegers of a JDK RSA or EC key cannot be, which is why imported keys should be rare.
 */
final class PrivateKeys {
    private PrivateKeys() {
    }

    /** The template for {@code key}, plus {@code extra} (CKA_TOKEN, CKA_LABEL, CKA_ID, ...). */
    static RawAttribute[] template(PrivateKey key, RawAttribute... extra) throws InvalidKeyException {
        List<RawAttribute> t = new ArrayList<>();
        t.add(RawAttribute.ofLong(CKA.CLASS, CKO.PRIVATE_KEY));
        t.add(RawAttribute.ofBoolean(CKA.SENSITIVE, true));
        t.add(RawAttribute.ofBoolean(CKA.EXTRACTABLE, false));
        if (key instanceof RSAPrivateCrtKey rsa) {
            t.add(RawAttribute.ofLong(CKA.KEY_TYPE, CKK.RSA));
            t.add(big(CKA.MODULUS, rsa.getModulus()));
            t.add(big(CKA.PUBLIC_EXPONENT, rsa.getPublicExponent()));
            t.add(big(CKA.PRIVATE_EXPONENT, rsa.getPrivateExponent()));
            t.add(big(CKA.PRIME_1, rsa.getPrimeP()));
            t.add(big(CKA.PRIME_2, rsa.getPrimeQ()));
            t.add(big(CKA.EXPONENT_1, rsa.getPrimeExponentP()));
            t.add(big(CKA.EXPONENT_2, rsa.getPrimeExponentQ()));
            t.add(big(CKA.COEFFICIENT, rsa.getCrtCoefficient()));
            t.add(RawAttribute.ofBoolean(CKA.SIGN, true));
            t.add(RawAttribute.ofBoolean(CKA.DECRYPT, true));
        } else if (key instanceof ECPrivateKey ec) {
            t.add(RawAttribute.ofLong(CKA.KEY_TYPE, CKK.EC));
            t.add(RawAttribute.of(CKA.EC_PARAMS, curveParameters(key)));
            int length = (ec.getParams().getOrder().bitLength() + 7) / 8;
            t.add(RawAttribute.of(CKA.VALUE, fixed(ec.getS(), length)));
            t.add(RawAttribute.ofBoolean(CKA.SIGN, true));
            t.add(RawAttribute.ofBoolean(CKA.DERIVE, true));
        } else if (key instanceof EdECPrivateKey ed && ed.getBytes().isPresent()) {
            boolean ed448 = ed.getParams().getName().equalsIgnoreCase("Ed448");
            t.add(RawAttribute.ofLong(CKA.KEY_TYPE, CKK.EC_EDWARDS));
            t.add(RawAttribute.of(CKA.EC_PARAMS, oid(ed448 ? "1.3.101.113" : "1.3.101.112")));
            t.add(RawAttribute.of(CKA.VALUE, ed.getBytes().get()));
            t.add(RawAttribute.ofBoolean(CKA.SIGN, true));
        } else if (key instanceof XECPrivateKey x && x.getScalar().isPresent()) {
            boolean x448 = x.getParams() instanceof NamedParameterSpec n && n.getName().equalsIgnoreCase("X448");
            t.add(RawAttribute.ofLong(CKA.KEY_TYPE, CKK.EC_MONTGOMERY));
            t.add(RawAttribute.of(CKA.EC_PARAMS, oid(x448 ? "1.3.101.111" : "1.3.101.110")));
            t.add(RawAttribute.of(CKA.VALUE, x.getScalar().get()));
            t.add(RawAttribute.ofBoolean(CKA.DERIVE, true));
        } else {
            throw new InvalidKeyException("no PKCS#11 form for this private key (RSA with CRT values, EC, EdDSA or XDH"
                    + " with their value): " + key.getAlgorithm());
        }
        t.addAll(List.of(extra));
        return t.toArray(new RawAttribute[0]);
    }

    /** The curve's OID from the key's PKCS#8 encoding (named curves only, as PKCS#11 tokens take them). */
    private static byte[] curveParameters(PrivateKey key) throws InvalidKeyException {
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw new InvalidKeyException("the EC key has no PKCS#8 encoding to name its curve");
        }
        try {
            var parameters = PrivateKeyInfo.getInstance(encoded).getPrivateKeyAlgorithm().getParameters();
            if (!(parameters instanceof ASN1ObjectIdentifier)) {
                throw new InvalidKeyException("the EC key is not on a named curve");
            }
            return parameters.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidKeyException("cannot read the EC key's encoding", e);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    private static byte[] oid(String dotted) throws InvalidKeyException {
        try {
            return new ASN1ObjectIdentifier(dotted).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new InvalidKeyException(e);
        }
    }

    private static RawAttribute big(long type, BigInteger value) {
        return RawAttribute.of(type, PublicKeys.unsigned(value));
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] v = PublicKeys.unsigned(value);
        if (v.length >= length) {
            return v;
        }
        byte[] out = new byte[length];
        System.arraycopy(v, 0, out, length - v.length, v.length);
        Arrays.fill(v, (byte) 0);
        return out;
    }
}
