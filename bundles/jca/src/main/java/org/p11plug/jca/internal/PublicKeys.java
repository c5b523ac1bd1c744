package org.p11plug.jca.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.p11plug.api.CkException;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.AttributeRequest;
import org.p11plug.api.raw.AttributeResults;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.api.raw.Ulong;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.raw.RawAttribute;

/**
 * A JCA public key as a PKCS#11 session object template, for verifying or encrypting on the token: RSA by
 * modulus and exponent, EC and EdDSA by the curve's OID and the encoded point, both taken from
 * the key's X.509 encoding.
 */
final class PublicKeys {
    private PublicKeys() {
    }

    /** For C_VerifyInit. */
    static RawAttribute[] verifyTemplate(PublicKey key) throws InvalidKeyException {
        return template(key, CKA.VERIFY);
    }

    /** For C_EncryptInit (RSA). */
    static RawAttribute[] encryptTemplate(PublicKey key) throws InvalidKeyException {
        return template(key, CKA.ENCRYPT);
    }

    /** For the public value of ECDH: the raw point (EC) or the RFC 7748 bytes (XDH), from the X.509 encoding. */
    static byte[] agreementValue(PublicKey key) throws InvalidKeyException {
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw new InvalidKeyException("the public key has no X.509 encoding");
        }
        try {
            return SubjectPublicKeyInfo.getInstance(encoded).getPublicKeyData().getBytes();
        } catch (RuntimeException e) {
            throw new InvalidKeyException("cannot read the public key's X.509 encoding", e);
        }
    }

    private static RawAttribute[] template(PublicKey key, long usage) throws InvalidKeyException {
        if (key instanceof RSAPublicKey rsa) {
            return template(usage, CKK.RSA, RawAttribute.of(CKA.MODULUS, unsigned(rsa.getModulus())),
                    RawAttribute.of(CKA.PUBLIC_EXPONENT, unsigned(rsa.getPublicExponent())));
        }
        if (key instanceof ECPublicKey || key instanceof EdECPublicKey) {
            byte[] encoded = key.getEncoded();
            if (encoded == null) {
                throw new InvalidKeyException("the public key has no X.509 encoding");
            }
            try {
                SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(encoded);
                boolean edwards = key instanceof EdECPublicKey;
                byte[] params = edwards ? spki.getAlgorithm().getAlgorithm().getEncoded(ASN1Encoding.DER)
                        : spki.getAlgorithm().getParameters().toASN1Primitive().getEncoded(ASN1Encoding.DER);
                byte[] point = new DEROctetString(spki.getPublicKeyData().getBytes()).getEncoded(ASN1Encoding.DER);
                return template(usage, edwards ? CKK.EC_EDWARDS : CKK.EC, RawAttribute.of(CKA.EC_PARAMS, params),
                        RawAttribute.of(CKA.EC_POINT, point));
            } catch (IOException | RuntimeException e) {
                throw new InvalidKeyException("cannot read the public key's X.509 encoding", e);
            }
        }
        throw new InvalidKeyException("no PKCS#11 form for " + key.getAlgorithm() + " public keys");
    }

    /**
     * The X.509 encoding of a public key object: its CKA_PUBLIC_KEY_INFO, or for a token that
     * leaves that empty (a PIV card) one made from the modulus and exponent or the curve and point.
     */
    static byte[] subjectPublicKeyInfo(Pkcs11 p11, long session, long publicKey) {
        AttributeResults r = p11.getAttributeValue(session, publicKey, new AttributeRequest[] {
            AttributeRequest.of(CKA.PUBLIC_KEY_INFO), AttributeRequest.of(CKA.KEY_TYPE), AttributeRequest.of(CKA.MODULUS),
            AttributeRequest.of(CKA.PUBLIC_EXPONENT), AttributeRequest.of(CKA.EC_PARAMS), AttributeRequest.of(CKA.EC_POINT)});
        if (r.get(0).ok() && r.get(0).value() != null && r.get(0).value().length > 0) {
            return r.get(0).value();
        }
        try {
            long type = Ulong.decode(r.get(1).value());
            if (type == CKK.RSA) {
                return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        new org.bouncycastle.asn1.pkcs.RSAPublicKey(new BigInteger(1, r.get(2).value()),
                                new BigInteger(1, r.get(3).value()))).getEncoded(ASN1Encoding.DER);
            }
            ASN1Primitive curve = ASN1Primitive.fromByteArray(r.get(4).value());
            byte[] point = ASN1OctetString.getInstance(r.get(5).value()).getOctets();
            AlgorithmIdentifier algorithm = type == CKK.EC
                    ? new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve)
                    : new AlgorithmIdentifier((ASN1ObjectIdentifier) curve); // EdDSA and XDH: the curve is the algorithm
            return new SubjectPublicKeyInfo(algorithm, point).getEncoded(ASN1Encoding.DER);
        } catch (IOException | RuntimeException e) {
            throw new CkException(CKR.ATTRIBUTE_VALUE_INVALID, "the token's public key has no usable encoding", e);
        }
    }

    /** The byte length of r and s in a raw ECDSA signature for this key's curve. */
    static int ecdsaFieldBytes(java.security.spec.ECParameterSpec params) {
        return (params.getOrder().bitLength() + 7) / 8;
    }

    private static RawAttribute[] template(long usage, long keyType, RawAttribute... key) {
        RawAttribute[] head = {
            RawAttribute.ofLong(CKA.CLASS, CKO.PUBLIC_KEY), RawAttribute.ofLong(CKA.KEY_TYPE, keyType),
            RawAttribute.ofBoolean(CKA.TOKEN, false), RawAttribute.ofBoolean(usage, true)};
        RawAttribute[] all = Arrays.copyOf(head, head.length + key.length);
        System.arraycopy(key, 0, all, head.length, key.length);
        return all;
    }

    static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }
}
