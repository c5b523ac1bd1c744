package org.p11plug.engine.internal.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.p11plug.spi.token.TokenKey;
import org.bouncycastle.math.ec.ECPoint;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKR;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.object.ObjectRecord;

/**
 * Key material read from objects, for one operation. Secret values are lent by the object's
 * store for the length of a call; what outlives the call is the primitive's own form of the key
 * (Bouncy Castle parameters, BigIntegers), held by the operation until it ends. BigIntegers
 * cannot be erased: that copy is documented per store in the README.
 */
public final class Keys {
    private Keys() {
    }

    /** The key's size in the unit of the mechanism's CK_MECHANISM_INFO. */
    /** The key's size in the unit its mechanisms use, computed once per key. */
    public static long size(ObjectRecord key, boolean inBytes) {
        return key.derivedPublic(inBytes ? SizeInBytes.INSTANCE : SizeInBits.INSTANCE, k -> computeSize(k, inBytes));
    }

    private enum SizeInBytes { INSTANCE }

    private enum SizeInBits { INSTANCE }

    private static long computeSize(ObjectRecord key, boolean inBytes) {
        long type = key.policy().keyType();
        if (type == CKK.RSA) {
            return new BigInteger(1, key.copyValue(CKA.MODULUS)).bitLength();
        }
        if (type == CKK.EC) {
            return curve(key, EcCurves.Form.WEIERSTRASS).fieldBits();
        }
        if (type == CKK.EC_EDWARDS) {
            return curve(key, EcCurves.Form.EDWARDS).fieldBits();
        }
        if (type == CKK.EC_MONTGOMERY) {
            return curve(key, EcCurves.Form.MONTGOMERY).fieldBits();
        }
        int bytes = key.read(s -> s.length(CKA.VALUE));
        return inBytes ? bytes : 8L * bytes;
    }

    /** The key's curve, parsed once per key (and form: the form is part of the check). */
    public static EcCurves.Curve curve(ObjectRecord key, EcCurves.Form form) {
        return key.derivedPublic(form, k -> EcCurves.parse(k.copyValue(CKA.EC_PARAMS), form));
    }

    /** The kinds of parsed key parameters a key keeps (immutable Bouncy Castle objects). */
    private enum Parsed { RSA_PUBLIC, RSA_PRIVATE, EC_PUBLIC, EC_PRIVATE }

    /** The public key, parsed once per key object. */
    public static RSAKeyParameters rsaPublic(ObjectRecord key) {
        return key.derivedPublic(Parsed.RSA_PUBLIC,
                k -> new RSAKeyParameters(false, big(k, CKA.MODULUS), big(k, CKA.PUBLIC_EXPONENT)));
    }

    /**
     * The private key, with its CRT components when the object has them (faster and blinded
     * either way). The parsed parameters are kept with the key where its store allows prepared
     * keys; they are immutable, so concurrent operations share them.
     */
    public static RSAKeyParameters rsaPrivate(ObjectRecord key) {
        if (key.tokenObject() instanceof TokenKey token) {
            RSAKeyParameters pub = rsaPublic(key);
            return new TokenRsaKey(pub.getModulus(), pub.getExponent(), token);
        }
        return shared(key, Parsed.RSA_PRIVATE, Keys::parseRsaPrivate);
    }

    /** The token's own primitive for a private key kept on the token (a smart card), or null. */
    public static org.p11plug.spi.token.@org.jspecify.annotations.Nullable TokenKey onToken(ObjectRecord key) {
        return key.tokenObject() instanceof TokenKey token ? token : null;
    }

    private static <T> T shared(ObjectRecord key, Parsed kind, java.util.function.Function<ObjectRecord, T> parse) {
        @SuppressWarnings("unchecked")
        T parsed = (T) key.takePrepared(kind);
        if (parsed == null) {
            parsed = parse.apply(key);
        }
        key.givePrepared(kind, parsed);
        return parsed;
    }

    private static RSAKeyParameters parseRsaPrivate(ObjectRecord key) {
        BigInteger n = big(key, CKA.MODULUS);
        BigInteger d = big(key, CKA.PRIVATE_EXPONENT);
        if (key.has(CKA.PRIME_1) && key.has(CKA.PRIME_2) && key.has(CKA.EXPONENT_1) && key.has(CKA.EXPONENT_2)
                && key.has(CKA.COEFFICIENT) && key.has(CKA.PUBLIC_EXPONENT)) {
            return new RSAPrivateCrtKeyParameters(n, big(key, CKA.PUBLIC_EXPONENT), d, big(key, CKA.PRIME_1),
                    big(key, CKA.PRIME_2), big(key, CKA.EXPONENT_1), big(key, CKA.EXPONENT_2), big(key, CKA.COEFFICIENT));
        }
        return new RSAKeyParameters(true, n, d);
    }

    public static ECPrivateKeyParameters ecPrivate(ObjectRecord key) {
        return shared(key, Parsed.EC_PRIVATE, k -> new ECPrivateKeyParameters(big(k, CKA.VALUE),
                curve(k, EcCurves.Form.WEIERSTRASS).weierstrass()));
    }

    /**
     * The public key, parsed and validated once per key object; Bouncy Castle also keeps the
     * point's precomputed multiples with it, which verification reuses.
     */
    public static ECPublicKeyParameters ecPublic(ObjectRecord key) {
        return key.derivedPublic(Parsed.EC_PUBLIC, Keys::parseEcPublic);
    }

    private static ECPublicKeyParameters parseEcPublic(ObjectRecord key) {
        EcCurves.Curve c = curve(key, EcCurves.Form.WEIERSTRASS);
        ECPoint q = EcCurves.decodePoint(c, key.copyValue(CKA.EC_POINT));
        if (q == null) {
            throw Ck.fail(CKR.KEY_HANDLE_INVALID, "the key's CKA_EC_POINT is not a point of its curve");
        }
        return new ECPublicKeyParameters(q, c.weierstrass());
    }

    /** The raw public key of an Edwards or Montgomery key (RFC 8032 / RFC 7748 bytes). */
    public static byte[] rawPublic(ObjectRecord key, EcCurves.Form form) {
        EcCurves.Curve c = curve(key, form);
        byte[] raw = EcCurves.rawPublic(c, key.copyValue(CKA.EC_POINT));
        if (raw == null) {
            throw Ck.fail(CKR.KEY_HANDLE_INVALID, "the key's CKA_EC_POINT has the wrong length");
        }
        return raw;
    }

    /** An unsigned big integer attribute; secret ones are read through the store's scoped lending. */
    public static BigInteger big(ObjectRecord key, long type) {
        return key.withValue(type, v -> new BigInteger(1, v));
    }
}
