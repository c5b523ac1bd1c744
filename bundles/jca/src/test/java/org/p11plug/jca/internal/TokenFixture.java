package org.p11plug.jca.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKC;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKU;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.card.soft.internal.SoftTokenBackend;
import org.p11plug.card.soft.internal.SoftTokenSettings;
import org.p11plug.engine.StandaloneEngine;
import org.p11plug.jca.P11plugProvider;
import org.p11plug.store.heap.internal.HeapSessionObjectStore;

/**
 * A software token (default PIN derivation, so that a configure(file) provider of another
 * process opens it alike) with three key pairs made on the token — RSA-2048 "rsa", P-256 "ec",
 * Ed25519 "ed" — each with a self-signed certificate that Bouncy Castle's PKIX code built by
 * signing through the provider, stored with the key's CKA_ID.
 */
final class TokenFixture implements AutoCloseable {
    static final char[] PIN = "123456".toCharArray();
    static final byte[] PIN_BYTES = "123456".getBytes(StandardCharsets.UTF_8);
    static final byte[] P256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};
    static final byte[] ED25519 = {0x06, 0x03, 0x2b, 0x65, 0x70};

    final Path directory;
    final SoftTokenBackend backend;
    final StandaloneEngine engine;
    final P11plugProvider provider;

    TokenFixture(int sessions) throws Exception {
        directory = Files.createTempDirectory("p11plug-jca");
        backend = new SoftTokenBackend(SoftTokenSettings.defaults(directory));
        backend.initializeIfNew(0, "jca", "87654321".getBytes(StandardCharsets.UTF_8), PIN_BYTES.clone());
        engine = new StandaloneEngine().bindStore(new HeapSessionObjectStore()).addBackend(backend);
        provider = new P11plugProvider(engine.service("test"), 0, sessions);
        Pkcs11 p11 = engine.service("setup").raw();
        long s = p11.openSession(0, CKF.SERIAL_SESSION | CKF.RW_SESSION);
        p11.login(s, CKU.USER, PIN_BYTES.clone());
        pair(p11, s, "rsa", 1, CKM.RSA_PKCS_KEY_PAIR_GEN, RawAttribute.ofLong(CKA.MODULUS_BITS, 2048));
        pair(p11, s, "ec", 2, CKM.EC_KEY_PAIR_GEN, RawAttribute.of(CKA.EC_PARAMS, P256));
        pair(p11, s, "ed", 3, CKM.EC_EDWARDS_KEY_PAIR_GEN, RawAttribute.of(CKA.EC_PARAMS, ED25519));
        provider.getService("KeyStore", P11plugProvider.KEYSTORE_TYPE); // present
        java.security.KeyStore ks = java.security.KeyStore.getInstance(P11plugProvider.KEYSTORE_TYPE, provider);
        ks.load(null, PIN);
        for (String[] k : new String[][] {{"rsa", "SHA256withRSA", "1"}, {"ec", "SHA256withECDSA", "2"}, {"ed", "Ed25519", "3"}}) {
            PrivateKey key = (PrivateKey) ks.getKey(k[0], PIN);
            X509Certificate cert = selfSigned(key, publicKey(p11, s, Integer.parseInt(k[2]), k[0]), k[1], "CN=" + k[0]);
            p11.createObject(s, new RawAttribute[] {
                RawAttribute.ofLong(CKA.CLASS, CKO.CERTIFICATE), RawAttribute.ofLong(CKA.CERTIFICATE_TYPE, CKC.X_509),
                RawAttribute.ofBoolean(CKA.TOKEN, true), RawAttribute.of(CKA.VALUE, cert.getEncoded()),
                RawAttribute.of(CKA.SUBJECT, cert.getSubjectX500Principal().getEncoded()),
                RawAttribute.of(CKA.ID, new byte[] {(byte) Integer.parseInt(k[2])}), RawAttribute.ofUtf8(CKA.LABEL, k[0])});
        }
        p11.closeSession(s);
    }

    private static void pair(Pkcs11 p11, long s, String label, int id, long mechanism, RawAttribute parameter) {
        p11.generateKeyPair(s, Mechanism.of(mechanism),
                new RawAttribute[] {parameter, RawAttribute.ofBoolean(CKA.TOKEN, true), RawAttribute.ofUtf8(CKA.LABEL, label),
                    RawAttribute.of(CKA.ID, new byte[] {(byte) id}), RawAttribute.ofBoolean(CKA.VERIFY, true)},
                new RawAttribute[] {RawAttribute.ofBoolean(CKA.TOKEN, true), RawAttribute.ofUtf8(CKA.LABEL, label),
                    RawAttribute.of(CKA.ID, new byte[] {(byte) id}), RawAttribute.ofBoolean(CKA.SIGN, true),
                    RawAttribute.ofBoolean(CKA.SENSITIVE, true)});
    }

    /** The public half, as a JDK key, from the token's CKA_PUBLIC_KEY_INFO. */
    static java.security.PublicKey publicKey(Pkcs11 p11, long s, int id, String algorithm) throws Exception {
        p11.findObjectsInit(s, new RawAttribute[] {RawAttribute.ofLong(CKA.CLASS, CKO.PUBLIC_KEY),
            RawAttribute.of(CKA.ID, new byte[] {(byte) id})});
        long handle = p11.findObjects(s, 1)[0];
        p11.findObjectsFinal(s);
        byte[] spki = p11.getAttributeValue(s, handle, new org.p11plug.api.raw.AttributeRequest[] {
            org.p11plug.api.raw.AttributeRequest.of(CKA.PUBLIC_KEY_INFO)}).get(0).value();
        String jdk = switch (algorithm) {
            case "rsa" -> "RSA";
            case "ec" -> "EC";
            default -> "Ed25519";
        };
        return java.security.KeyFactory.getInstance(jdk).generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
    }

    /** A self-signed certificate made by Bouncy Castle's PKIX code with the signature of the provider. */
    X509Certificate selfSigned(PrivateKey key, java.security.PublicKey publicKey, String algorithm, String name)
            throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(name), BigInteger.valueOf(System.nanoTime()),
                Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plusSeconds(86400)), new X500Name(name), publicKey);
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(algorithm).setProvider(provider).build(key)));
    }

    /** A configure(file) configuration for this token. */
    Path configFile() throws Exception {
        Path config = directory.resolve("p11plug-jca.properties");
        Files.writeString(config, "directory = " + directory + "\nslot = 0\n");
        return config;
    }

    @Override
    public void close() throws Exception {
        provider.close();
        engine.close();
        engine.removeBackend(backend);
        backend.close();
    }
}
