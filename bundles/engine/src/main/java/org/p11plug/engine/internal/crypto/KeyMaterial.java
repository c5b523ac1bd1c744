package org.p11plug.engine.internal.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
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
import org.p11plug.engine.internal.object.ObjectRecord;
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
        byte[] derived = info(publicKey(o.objectClass(), keyType(o), type -> value(o, type)));
        if (derived == null) {
            return o;
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

    /**
     * C_SetAttributeValue of CKA_PUBLIC_KEY_INFO on a private key: "if set, MUST be consistent
     * with the underlying private key data" (base specification, private key objects).
     */
    public static void checkPublicKeyInfo(ObjectRecord key, byte[] supplied) {
        if (key.objectClass() != CKO.PRIVATE_KEY || supplied.length == 0) {
            return;
        }
        long keyType = org.p11plug.api.raw.Ulong.decode(key.copyValue(CKA.KEY_TYPE));
        List<byte[]> copies = new ArrayList<>();
        try {
            byte[] derived = info(publicKey(CKO.PRIVATE_KEY, keyType, type -> {
                if (!key.has(type)) {
                    return null;
                }
                byte[] copy = key.copyValue(type);
                copies.add(copy);
                return copy;
            }));
            if (derived != null && !MessageDigest.isEqual(supplied, derived)) {
                throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, "CKA_PUBLIC_KEY_INFO does not match the private key");
            }
        } finally {
            copies.forEach(c -> java.util.Arrays.fill(c, (byte) 0));
        }
    }

    private static byte @Nullable [] info(@Nullable AsymmetricKeyParameter publicKey) {
        if (publicKey == null) {
            return null;
        }
        try {
            return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte @Nullable [] value(ObjectRules.NewObject o, long type) {
        for (StoredValue v : o.values()) {
            if (v.type() == type) {
                return v.value();
            }
        }
        return null;
    }

    private static byte[] required(LongFunction<byte @Nullable []> values, long type) {
        byte[] v = values.apply(type);
        if (v == null) {
            throw Ck.fail(CKR.TEMPLATE_INCOMPLETE, org.p11plug.api.ck.CKA.nameOf(type) + " is required");
        }
        return v;
    }

    /** The key's public half, checked; null when it cannot be derived (an RSA key without its exponent). */
    private static @Nullable AsymmetricKeyParameter publicKey(long objectClass, long keyType,
            LongFunction<byte @Nullable []> values) {
        boolean isPrivate = objectClass == CKO.PRIVATE_KEY;
        if (keyType == CKK.RSA) {
            byte[] n = values.apply(CKA.MODULUS);
            byte[] e = values.apply(CKA.PUBLIC_EXPONENT);
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
        EcCurves.Curve curve = EcCurves.parse(required(values, CKA.EC_PARAMS), form);
        if (form == EcCurves.Form.WEIERSTRASS) {
            ECPoint q;
            if (isPrivate) {
                BigInteger d = new BigInteger(1, required(values, CKA.VALUE));
                if (d.signum() <= 0 || d.compareTo(curve.weierstrass().getN()) >= 0) {
                    throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, "the private value is out of range");
                }
                q = curve.weierstrass().getG().multiply(d).normalize();
            } else {
                q = EcCurves.decodePoint(curve, required(values, CKA.EC_POINT));
                if (q == null) {
                    throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, "CKA_EC_POINT is not a point of the curve");
                }
            }
            return new ECPublicKeyParameters(q, curve.weierstrass());
        }
        byte[] raw;
        if (isPrivate) {
            byte[] secret = required(values, CKA.VALUE);
            if (secret.length != curve.encodedLength()) {
                throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, curve.name() + " private keys are " + curve.encodedLength() + " bytes");
            }
            raw = EdMechanisms.publicFromPrivate(curve, secret);
        } else {
            raw = EcCurves.rawPublic(curve, required(values, CKA.EC_POINT));
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
