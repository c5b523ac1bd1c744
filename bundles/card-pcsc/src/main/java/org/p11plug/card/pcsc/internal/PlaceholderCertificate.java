package org.p11plug.card.pcsc.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.p11plug.api.CkException;
import org.p11plug.api.ck.CKR;
import org.p11plug.spi.crypto.SoftwareCrypto;

/**
 * Where a generated key's public half is kept: a PIV card returns it only once, from GENERATE,
 * and offers no other place for it than the slot's certificate container. So the driver writes
 * a placeholder certificate there, subject "p11plug placeholder for slot 9A", signed by a
 * throwaway key that is never kept (its signature verifies with nothing: it is not a credential).
 * Every tool reads the public key from it, and the application replaces it with the real
 * certificate by importing one (C_CreateObject of a certificate with the key's CKA_ID).
 */
final class PlaceholderCertificate {
    private PlaceholderCertificate() {
    }

    static byte[] of(PublicKey key, String subject) {
        try {
            KeyPairGenerator g = SoftwareCrypto.keyPairGenerator("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair throwaway = g.generateKeyPair();
            AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
            V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
            tbs.setSerialNumber(new ASN1Integer(BigInteger.valueOf(System.currentTimeMillis())));
            tbs.setIssuer(new X500Name("CN=p11plug placeholder"));
            tbs.setSubject(new X500Name("CN=" + subject));
            long now = System.currentTimeMillis();
            tbs.setStartDate(new Time(new Date(now)));
            tbs.setEndDate(new Time(new Date(now + 100L * 365 * 24 * 3600 * 1000)));
            tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
            tbs.setSignature(algorithm);
            TBSCertificate certificate = tbs.generateTBSCertificate();
            Signature s = SoftwareCrypto.signature("SHA256withECDSA");
            s.initSign(throwaway.getPrivate());
            s.update(certificate.getEncoded(ASN1Encoding.DER));
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(certificate);
            v.add(algorithm);
            v.add(new DERBitString(s.sign()));
            return new DERSequence(v).getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new CkException(CKR.GENERAL_ERROR, "placeholder certificate: " + e.getMessage());
        }
    }
}
