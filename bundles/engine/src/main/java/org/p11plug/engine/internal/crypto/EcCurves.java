package org.p11plug.engine.internal.crypto;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKR;
import org.p11plug.engine.internal.Ck;

/**
 * The curves this token supports and the encodings PKCS#11 uses for them (mechanisms
 * specification, "Elliptic Curve"): CKA_EC_PARAMS is a DER {@code Parameters} choice, taken here
 * as an OID or a curve name; explicit parameters are refused with CKR_DOMAIN_PARAMS_INVALID, other
 * curves with CKR_CURVE_NOT_SUPPORTED. Short Weierstrass curves use Bouncy Castle's custom
 * (fast, constant-time field arithmetic) implementations.
 */
public final class EcCurves {
    /** The three kinds of curves PKCS#11 distinguishes by key type. */
    public enum Form {
        WEIERSTRASS, EDWARDS, MONTGOMERY
    }

    /** One supported curve. {@code encodedLength} is the byte length of a raw Edwards/Montgomery key. */
    public record Curve(String name, List<String> aliases, ASN1ObjectIdentifier oid, Form form, int fieldBits,
            int encodedLength, @Nullable ECNamedDomainParameters domain) {

        public ECNamedDomainParameters weierstrass() {
            if (domain == null) {
                throw new IllegalStateException(name + " is not a short Weierstrass curve");
            }
            return domain;
        }

        /** Octets of the order n (the length of r and of s in an ECDSA signature). */
        public int orderBytes() {
            return (weierstrass().getN().bitLength() + 7) / 8;
        }

        /** The DER CKA_EC_PARAMS this token emits: the curve's OID. */
        public byte[] params() {
            try {
                return oid.getEncoded();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // RFC 8410 identifiers, spelled out because bcprov keeps its constants in an internal package.
    private static final ASN1ObjectIdentifier OID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
    private static final ASN1ObjectIdentifier OID_ED448 = new ASN1ObjectIdentifier("1.3.101.113");
    private static final ASN1ObjectIdentifier OID_X25519 = new ASN1ObjectIdentifier("1.3.101.110");
    private static final ASN1ObjectIdentifier OID_X448 = new ASN1ObjectIdentifier("1.3.101.111");

    public static final Curve P256 = weierstrass("P-256", SECObjectIdentifiers.secp256r1, List.of("secp256r1", "prime256v1"));
    public static final Curve P384 = weierstrass("P-384", SECObjectIdentifiers.secp384r1, List.of("secp384r1"));
    public static final Curve P521 = weierstrass("P-521", SECObjectIdentifiers.secp521r1, List.of("secp521r1"));
    public static final Curve ED25519 = new Curve("Ed25519", List.of("edwards25519"), OID_ED25519,
            Form.EDWARDS, 255, 32, null);
    public static final Curve ED448 = new Curve("Ed448", List.of("edwards448"), OID_ED448,
            Form.EDWARDS, 448, 57, null);
    public static final Curve X25519 = new Curve("X25519", List.of("curve25519"), OID_X25519,
            Form.MONTGOMERY, 255, 32, null);
    public static final Curve X448 = new Curve("X448", List.of("curve448"), OID_X448,
            Form.MONTGOMERY, 448, 56, null);

    private static final List<Curve> ALL = List.of(P256, P384, P521, ED25519, ED448, X25519, X448);

    private EcCurves() {
    }

    private static Curve weierstrass(String name, ASN1ObjectIdentifier oid, List<String> aliases) {
        X9ECParameters x9 = CustomNamedCurves.getByOID(oid);
        return new Curve(name, aliases, oid, Form.WEIERSTRASS, x9.getCurve().getFieldSize(), 0,
                new ECNamedDomainParameters(oid, x9));
    }

    /**
     * The curve CKA_EC_PARAMS names, which must be of the expected form (a key type's curves).
     *
     * @throws org.p11plug.api.CkException CKR_DOMAIN_PARAMS_INVALID for undecodable or explicit
     *     parameters, CKR_CURVE_NOT_SUPPORTED for another curve
     */
    public static Curve parse(byte[] ecParams, Form expected) {
        ASN1Primitive p;
        try {
            p = ASN1Primitive.fromByteArray(ecParams);
        } catch (IOException | RuntimeException e) {
            throw Ck.fail(CKR.DOMAIN_PARAMS_INVALID, "CKA_EC_PARAMS is not DER");
        }
        Curve found = null;
        if (p instanceof ASN1ObjectIdentifier oid) {
            found = ALL.stream().filter(c -> c.oid().equals(oid)).findFirst().orElse(null);
        } else if (p instanceof ASN1PrintableString s) {
            String name = s.getString();
            found = ALL.stream().filter(c -> c.aliases().contains(name) || c.name().equals(name)).findFirst().orElse(null);
        } else {
            throw Ck.fail(CKR.DOMAIN_PARAMS_INVALID, "only named curves (OID or curve name) are supported");
        }
        if (found == null || found.form() != expected) {
            throw Ck.fail(CKR.CURVE_NOT_SUPPORTED);
        }
        return found;
    }

    /**
     * A Weierstrass point from its CKA_EC_POINT form (DER OCTET STRING) or raw X9.62 octets,
     * validated to lie on the curve.
     *
     * @return null when the bytes are no valid point of the curve
     */
    public static @Nullable ECPoint decodePoint(Curve curve, byte[] encoded) {
        int coordinate = (curve.fieldBits() + 7) / 8;
        byte[] raw = encoded;
        if (!isRawPoint(encoded, coordinate)) {
            raw = unwrapOctetString(encoded);
            if (raw == null) {
                return null;
            }
        }
        try {
            ECPoint q = curve.weierstrass().getCurve().decodePoint(raw).normalize();
            return q.isValid() && !q.isInfinity() ? q : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isRawPoint(byte[] b, int coordinate) {
        return (b.length == 1 + 2 * coordinate && b[0] == 0x04)
                || (b.length == 1 + coordinate && (b[0] == 0x02 || b[0] == 0x03));
    }

    /** The CKA_EC_POINT this token emits for a Weierstrass key: DER OCTET STRING of the uncompressed point. */
    public static byte[] encodePoint(ECPoint q) {
        try {
            return new DEROctetString(q.getEncoded(false)).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An Edwards or Montgomery public key from CKA_EC_POINT: the raw little-endian bytes the
     * specification defines, or those bytes in a DER OCTET STRING as other tokens emit them.
     *
     * @return null when neither form has the curve's length
     */
    public static byte @Nullable [] rawPublic(Curve curve, byte[] encoded) {
        if (encoded.length == curve.encodedLength()) {
            return encoded.clone();
        }
        byte[] unwrapped = unwrapOctetString(encoded);
        return unwrapped != null && unwrapped.length == curve.encodedLength() ? unwrapped : null;
    }

    private static byte @Nullable [] unwrapOctetString(byte[] encoded) {
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(encoded);
            if (p instanceof ASN1OctetString os && Arrays.equals(p.getEncoded("DER"), encoded)) {
                return os.getOctets();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
