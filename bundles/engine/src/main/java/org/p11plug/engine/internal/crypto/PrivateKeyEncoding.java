package org.p11plug.engine.internal.crypto;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X448PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.util.BigIntegers;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKR;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.object.ObjectRecord;
import org.p11plug.spi.store.StoredValue;

/**
 * Private keys as they are wrapped (mechanisms specification, "Wrapping/unwrapping private
 * keys"): a DER PKCS #8 PrivateKeyInfo, with RFC 8410's form for Edwards and Montgomery keys.
 * Bouncy Castle builds and parses the DER; the encoded arrays are the caller's to erase.
 */
final class PrivateKeyEncoding {
    /** An unwrapped private key: its key type and the values it contributes. */
    record Decoded(long keyType, List<StoredValue> values) {}

    private PrivateKeyEncoding() {
    }

    static byte[] encode(ObjectRecord key) {
        long type = key.policy().keyType();
        AsymmetricKeyParameter params;
        if (type == CKK.RSA) {
            if (!(Keys.rsaPrivate(key) instanceof RSAPrivateCrtKeyParameters crt)) {
                throw Ck.fail(CKR.KEY_NOT_WRAPPABLE, "RSA keys without CRT components cannot be encoded as PKCS #8");
            }
            params = crt;
        } else if (type == CKK.EC) {
            params = Keys.ecPrivate(key);
        } else {
            EcCurves.Curve curve = Keys.curve(key, type == CKK.EC_EDWARDS ? EcCurves.Form.EDWARDS : EcCurves.Form.MONTGOMERY);
            params = key.withValue(CKA.VALUE, v -> curve == EcCurves.ED25519 ? new Ed25519PrivateKeyParameters(v)
                    : curve == EcCurves.ED448 ? new Ed448PrivateKeyParameters(v)
                    : curve == EcCurves.X25519 ? new X25519PrivateKeyParameters(v) : new X448PrivateKeyParameters(v));
        }
        try {
            return PrivateKeyInfoFactory.createPrivateKeyInfo(params).getEncoded("DER");
        } catch (IOException e) {
            throw Ck.fail(CKR.KEY_NOT_WRAPPABLE, e.getMessage());
        }
    }

    /** Parses a PrivateKeyInfo; bytes after it (zero padding of key wrap) are ignored. */
    static Decoded decode(byte[] encoded) {
        AsymmetricKeyParameter k;
        try (ASN1InputStream in = new ASN1InputStream(encoded)) {
            ASN1Primitive first = in.readObject();
            k = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(first));
        } catch (IOException | RuntimeException e) {
            throw Ck.fail(CKR.WRAPPED_KEY_INVALID, "not a PKCS #8 private key");
        }
        List<StoredValue> v = new ArrayList<>();
        if (k instanceof RSAPrivateCrtKeyParameters r) {
            v.add(StoredValue.plain(CKA.MODULUS, BigIntegers.asUnsignedByteArray(r.getModulus())));
            v.add(StoredValue.plain(CKA.PUBLIC_EXPONENT, BigIntegers.asUnsignedByteArray(r.getPublicExponent())));
            v.add(StoredValue.secret(CKA.PRIVATE_EXPONENT, BigIntegers.asUnsignedByteArray(r.getExponent())));
            v.add(StoredValue.secret(CKA.PRIME_1, BigIntegers.asUnsignedByteArray(r.getP())));
            v.add(StoredValue.secret(CKA.PRIME_2, BigIntegers.asUnsignedByteArray(r.getQ())));
            v.add(StoredValue.secret(CKA.EXPONENT_1, BigIntegers.asUnsignedByteArray(r.getDP())));
            v.add(StoredValue.secret(CKA.EXPONENT_2, BigIntegers.asUnsignedByteArray(r.getDQ())));
            v.add(StoredValue.secret(CKA.COEFFICIENT, BigIntegers.asUnsignedByteArray(r.getQInv())));
            return new Decoded(CKK.RSA, v);
        }
        if (k instanceof ECPrivateKeyParameters ec && ec.getParameters() instanceof ECNamedDomainParameters named) {
            EcCurves.Curve curve = EcCurves.parse(encodeOid(named), EcCurves.Form.WEIERSTRASS);
            v.add(StoredValue.plain(CKA.EC_PARAMS, curve.params()));
            v.add(StoredValue.secret(CKA.VALUE, BigIntegers.asUnsignedByteArray(curve.orderBytes(), ec.getD())));
            return new Decoded(CKK.EC, v);
        }
        if (k instanceof Ed25519PrivateKeyParameters ed) {
            return edwards(v, EcCurves.ED25519, ed.getEncoded(), CKK.EC_EDWARDS);
        }
        if (k instanceof Ed448PrivateKeyParameters ed) {
            return edwards(v, EcCurves.ED448, ed.getEncoded(), CKK.EC_EDWARDS);
        }
        if (k instanceof X25519PrivateKeyParameters x) {
            return edwards(v, EcCurves.X25519, x.getEncoded(), CKK.EC_MONTGOMERY);
        }
        if (k instanceof X448PrivateKeyParameters x) {
            return edwards(v, EcCurves.X448, x.getEncoded(), CKK.EC_MONTGOMERY);
        }
        throw Ck.fail(CKR.WRAPPED_KEY_INVALID, "a private key of a kind this token does not hold");
    }

    private static Decoded edwards(List<StoredValue> v, EcCurves.Curve curve, byte[] secret, long keyType) {
        v.add(StoredValue.plain(CKA.EC_PARAMS, curve.params()));
        v.add(StoredValue.secret(CKA.VALUE, secret));
        return new Decoded(keyType, v);
    }

    private static byte[] encodeOid(ECNamedDomainParameters named) {
        try {
            return named.getName().getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
