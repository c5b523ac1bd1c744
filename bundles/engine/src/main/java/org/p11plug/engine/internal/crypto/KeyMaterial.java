package org.p11plug.engine.internal.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.Ed448PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X448PublicKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.object.ObjectRules;
import org.p11plug.spi.store.StoredValue;

/**
 * The cryptographic side of a new key object, whatever made it (C_CreateObject, generation,
 * unwrapping): the curve is one this token supports (CKR_CURVE_NOT_SUPPORTED,
 * CKR_DOMAIN_PARAMS_INVALID), points lie on their curve and private scalars in range
 * (CKR_ATTRIBUTE_VALUE_INVALID), and CKA_PUBLIC_KEY_INFO is the DER SubjectPublicKeyInfo derived
 * from the key. A value supplied for a private key must equal the derived one (base
 * specification, private key objects); a public key keeps what it was given.
 */
public final class KeyMaterial {
    private KeyMaterial() {
    }

    /**
     * @param supplied the CKA_PUBLIC_KEY_INFO the template gave, if any
     * @return the object with its public key info filled in
     */
    public static ObjectRules.NewObject complete(ObjectRules.NewObject o, byte @Nullable [] supplied) {
        if (o.objectClass() != CKO.PUBLIC_KEY && o.objectClass() != CKO.PRIVATE_KEY) {
            return o;
        }
        AsymmetricKeyParameter publicKey = publicKey(o);
        if (publicKey == null) {
            return o;
        }
        byte[] derived;
        try {
            derived = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (supplied != null && supplied.length > 0) {
            if (o.objectClass() == CKO.PRIVATE_KEY && !MessageDigest.isEqual(supplied, derived)) {
                throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, "CKA_PUBLIC_KEY_INFO does not match the private key");
            }
            return o;
        }
        List<StoredValue> values = new ArrayList<>(o.values());
        values.removeIf(v -> v.type() == CKA.PUBLIC_KEY_INFO);
        values.add(StoredValue.plain(CKA.PUBLIC_KEY_INFO, derived));
        return new ObjectRules.NewObject(o.schema(), o.objectClass(), List.copyOf(values), o.token(), o.isPrivate());
    }

    private static byte @Nullable [] value(ObjectRules.NewObject o, long type) {
        for (StoredValue v : o.values()) {
            if (v.type() == type) {
                return v.value();
            }
        }
        return null;
    }

    private static byte[] required(ObjectRules.NewObject o, long type) {
        byte[] v = value(o, type);
        if (v == null) {
            throw Ck.fail(CKR.TEMPLATE_INCOMPLETE, org.p11plug.api.ck.CKA.nameOf(type) + " is required");
        }
        return v;
    }

    /** The key's public half, checked; null when it cannot be derived (an RSA key without its exponent). */
    private static @Nullable AsymmetricKeyParameter publicKey(ObjectRules.NewObject o) {
        long keyType = keyType(o);
        boolean isPrivate = o.objectClass() == CKO.PRIVATE_KEY;
        if (keyType == CKK.RSA) {
            byte[] n = value(o, CKA.MODULUS);
            byte[] e = value(o, CKA.PUBLIC_EXPONENT);
            if (n == null || e == null) {
                return null;
            }
            BigInteger modulus = new BigInteger(1, n);
            BigInteger exponent = new BigInteger(1, e);
            if (modulus.bitLength() < 512 || !modulus.testBit(0) || exponent.signum() <= 0) {
                throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, "not an RSA modulus and exponent");
            }
            return new RSAKeyParameters(false, modulus, exponent);
        }
        EcCurves.Form form;
        if (keyType == CKK.EC) {
            form = EcCurves.Form.WEIERSTRASS;
        } else if (keyType == CKK.EC_EDWARDS) {
            form = EcCurves.Form.EDWARDS;
        } else if (keyType == CKK.EC_MONTGOMERY) {
            form = EcCurves.Form.MONTGOMERY;
        } else {
            return null; // a key type this token stores but has no mechanism for
        }
        EcCurves.Curve curve = EcCurves.parse(required(o, CKA.EC_PARAMS), form);
        if (form == EcCurves.Form.WEIERSTRASS) {
            ECPoint q;
            if (isPrivate) {
                BigInteger d = new BigInteger(1, required(o, CKA.VALUE));
                if (d.signum() <= 0 || d.compareTo(curve.weierstrass().getN()) >= 0) {
                    throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, "the private value is out of range");
                }
                q = curve.weierstrass().getG().multiply(d).normalize();
            } else {
                q = EcCurves.decodePoint(curve, required(o, CKA.EC_POINT));
                if (q == null) {
                    throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, "CKA_EC_POINT is not a point of the curve");
                }
            }
            return new ECPublicKeyParameters(q, curve.weierstrass());
        }
        byte[] raw;
        if (isPrivate) {
            byte[] secret = required(o, CKA.VALUE);
            if (secret.length != curve.encodedLength()) {
                throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, curve.name() + " private keys are " + curve.encodedLength() + " bytes");
            }
            raw = EdMechanisms.publicFromPrivate(curve, secret);
        } else {
            raw = EcCurves.rawPublic(curve, required(o, CKA.EC_POINT));
            if (raw == null) {
                throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, curve.name() + " public keys are " + curve.encodedLength() + " bytes");
            }
        }
        return curve == EcCurves.ED25519 ? new Ed25519PublicKeyParameters(raw)
                : curve == EcCurves.ED448 ? new Ed448PublicKeyParameters(raw)
                : curve == EcCurves.X25519 ? new X25519PublicKeyParameters(raw) : new X448PublicKeyParameters(raw);
    }

    private static long keyType(ObjectRules.NewObject o) {
        byte[] t = value(o, CKA.KEY_TYPE);
        return org.p11plug.api.raw.Ulong.decode(t);
    }
}
