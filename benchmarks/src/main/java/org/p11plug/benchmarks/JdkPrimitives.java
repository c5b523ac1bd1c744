package org.p11plug.benchmarks;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The JDK's own providers (SunRsaSign, SunEC, SunJCE), what a Java application gets without a token. */
final class JdkPrimitives implements Primitives {
    private final Signature rsaSigner = Signature.getInstance("SHA256withRSA");
    private final Signature rsaVerifier = Signature.getInstance("SHA256withRSA");
    private final Signature ecdsaSigner = Signature.getInstance("SHA256withECDSAinP1363Format");
    private final Signature ecdsaVerifier = Signature.getInstance("SHA256withECDSAinP1363Format");
    private final Signature ed25519Signer = Signature.getInstance("Ed25519");
    private final Mac hmac = Mac.getInstance("HmacSHA256");
    private final Cipher aesGcm = Cipher.getInstance("AES/GCM/NoPadding");
    private final SecretKey aesKey;

    JdkPrimitives() throws GeneralSecurityException {
        KeyPair rsa = generate("RSA", 2048);
        rsaSigner.initSign(rsa.getPrivate());
        rsaVerifier.initVerify(rsa.getPublic());

        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair p256 = ec.generateKeyPair();
        ecdsaSigner.initSign(p256.getPrivate());
        ecdsaVerifier.initVerify(p256.getPublic());

        ed25519Signer.initSign(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate());

        byte[] hmacKey = new byte[32];
        new SecureRandom().nextBytes(hmacKey);
        hmac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));

        KeyGenerator aes = KeyGenerator.getInstance("AES");
        aes.init(128);
        aesKey = aes.generateKey();
    }

    private static KeyPair generate(String algorithm, int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    @Override
    public byte[] signRsa2048(byte[] message) throws GeneralSecurityException {
        rsaSigner.update(message);
        return rsaSigner.sign();
    }

    @Override
    public boolean verifyRsa2048(byte[] message, byte[] signature) throws GeneralSecurityException {
        rsaVerifier.update(message);
        return rsaVerifier.verify(signature);
    }

    @Override
    public byte[] signEcdsaP256(byte[] message) throws GeneralSecurityException {
        ecdsaSigner.update(message);
        return ecdsaSigner.sign();
    }

    @Override
    public boolean verifyEcdsaP256(byte[] message, byte[] signature) throws GeneralSecurityException {
        ecdsaVerifier.update(message);
        return ecdsaVerifier.verify(signature);
    }

    @Override
    public byte[] signEd25519(byte[] message) throws GeneralSecurityException {
        ed25519Signer.update(message);
        return ed25519Signer.sign();
    }

    @Override
    public byte[] hmacSha256(byte[] message) {
        return hmac.doFinal(message);
    }

    @Override
    public byte[] encryptAesGcm(byte[] iv, byte[] message) throws GeneralSecurityException {
        aesGcm.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(CryptoInputs.GCM_TAG_BITS, iv));
        return aesGcm.doFinal(message);
    }
}
