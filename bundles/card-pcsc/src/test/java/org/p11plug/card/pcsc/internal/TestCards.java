package org.p11plug.card.pcsc.internal;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.p11plug.virtualpiv.PivClient;
import org.p11plug.virtualpiv.VirtualPivCard;

/** Virtual PIV cards as the tests want them: keys generated, certificates from a test CA. */
final class TestCards {
    private TestCards() {
    }

    /** Keys in 9A (P-256), 9C (RSA-2048) and 9D (P-256), each with a certificate from a test CA. */
    static void provision(VirtualPivCard card) throws Exception {
        PivClient piv = new PivClient(card::transmit);
        piv.select(PivClient.PIV_AID).expect(0x9000);
        piv.authenticate();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ca = g.generateKeyPair();
        int[][] slots = {{0x9A, 0x11, 0x5FC105}, {0x9C, 0x07, 0x5FC10A}, {0x9D, 0x11, 0x5FC10B}};
        for (int[] s : slots) {
            piv.generate(s[0], s[1]).expect(0x9000);
            byte[] der = certificate(ca, card.publicKey(s[0]), "p11plug virtual " + Integer.toHexString(s[0]));
            byte[] container = concat(tlv(0x70, der), tlv(0x71, new byte[] {0}), tlv(0xFE, new byte[0]));
            byte[] put = concat(tlv(0x5C, new byte[] {0x5F, (byte) 0xC1, (byte) s[2]}), tlv(0x53, container));
            piv.send(0xDB, 0x3F, 0xFF, put).expect(0x9000);
        }
        card.reset();
    }

    static byte[] certificate(KeyPair ca, PublicKey subject, String cn) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=p11plug test CA"),
                BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plusSeconds(86400)), new X500Name("CN=" + cn), subject);
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate()))).getEncoded();
    }

    static byte[] tlv(int tag, byte[] value) {
        int n = value.length;
        byte[] len = n < 0x80 ? new byte[] {(byte) n} : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : new byte[] {(byte) 0x82, (byte) (n >>> 8), (byte) n};
        return concat(new byte[] {(byte) tag}, len, value);
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
