package org.p11plug.jca.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

/** ECDSA signatures between PKCS#11's r || s and the DER SEQUENCE { r, s } the JCA uses. */
final class EcdsaEncoding {
    private EcdsaEncoding() {
    }

    static byte[] toDer(byte[] raw) throws SignatureException {
        int n = raw.length / 2;
        try {
            return new DERSequence(new ASN1Integer[] {
                new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, n))),
                new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, n, raw.length)))}).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new SignatureException(e);
        }
    }

    /** @return r || s, each {@code fieldBytes} long, or null when the DER is not a valid signature */
    static byte[] toRaw(byte[] der, int fieldBytes) {
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(der);
            if (seq.size() != 2 || !Arrays.equals(seq.getEncoded(ASN1Encoding.DER), der)) {
                return null;
            }
            byte[] r = PublicKeys.unsigned(ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue());
            byte[] s = PublicKeys.unsigned(ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue());
            if (r.length > fieldBytes || s.length > fieldBytes) {
                return null;
            }
            byte[] raw = new byte[2 * fieldBytes];
            System.arraycopy(r, 0, raw, fieldBytes - r.length, r.length);
            System.arraycopy(s, 0, raw, 2 * fieldBytes - s.length, s.length);
            return raw;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
