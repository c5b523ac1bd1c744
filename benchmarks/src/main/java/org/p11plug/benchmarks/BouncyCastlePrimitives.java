package org.p11plug.benchmarks;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.RSADigestSigner;

/**
 * Bouncy Castle's lightweight API (no JCA provider in between), the library the engine can build
 * its mechanisms on. RSADigestSigner signs through PKCS1Encoding over RSABlindedEngine with the CRT
 * private key; ECDSA runs on the custom (fast) P-256 arithmetic of CustomNamedCurves.
 */
final class BouncyCastlePrimitives implements Primitives {
    private final RSADigestSigner rsaSigner = new RSADigestSigner(new SHA256Digest());
    private final RSADigestSigner rsaVerifier = new RSADigestSigner(new SHA256Digest());
    private final DSADigestSigner ecdsaSigner = ecdsa();
    private final DSADigestSigner ecdsaVerifier = ecdsa();
    private final Ed25519Signer ed25519Signer = new Ed25519Signer();
    private final HMac hmac = new HMac(new SHA256Digest());
    private final GCMModeCipher aesGcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
    private final KeyParameter aesKey;

    BouncyCastlePrimitives() {
        SecureRandom random = new SecureRandom();

        RSAKeyPairGenerator rsa = new RSAKeyPairGenerator();
        rsa.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), random, 2048, 100));
        AsymmetricCipherKeyPair rsaKeys = rsa.generateKeyPair();
        rsaSigner.init(true, rsaKeys.getPrivate());
        rsaVerifier.init(false, rsaKeys.getPublic());

        ECKeyPairGenerator ec = new ECKeyPairGenerator();
        ec.init(new ECKeyGenerationParameters(
                new ECDomainParameters(CustomNamedCurves.getByName("secp256r1")), random));
        AsymmetricCipherKeyPair p256 = ec.generateKeyPair();
        ecdsaSigner.init(true, p256.getPrivate());
        ecdsaVerifier.init(false, p256.getPublic());

        Ed25519KeyPairGenerator ed25519 = new Ed25519KeyPairGenerator();
        ed25519.init(new Ed25519KeyGenerationParameters(random));
        ed25519Signer.init(true, ed25519.generateKeyPair().getPrivate());

        hmac.init(new KeyParameter(randomBytes(random, 32)));
        aesKey = new KeyParameter(randomBytes(random, 16));
    }

    private static DSADigestSigner ecdsa() {
        return new DSADigestSigner(new ECDSASigner(), new SHA256Digest(), PlainDSAEncoding.INSTANCE);
    }

    private static byte[] randomBytes(SecureRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @Override
    public byte[] signRsa2048(byte[] message) throws GeneralSecurityException {
        rsaSigner.update(message, 0, message.length);
        try {
            return rsaSigner.generateSignature();
        } catch (CryptoException e) {
            throw new GeneralSecurityException(e);
        }
    }

    @Override
    public boolean verifyRsa2048(byte[] message, byte[] signature) {
        rsaVerifier.update(message, 0, message.length);
        return rsaVerifier.verifySignature(signature);
    }

    @Override
    public byte[] signEcdsaP256(byte[] message) {
        ecdsaSigner.update(message, 0, message.length);
        return ecdsaSigner.generateSignature();
    }

    @Override
    public boolean verifyEcdsaP256(byte[] message, byte[] signature) {
        ecdsaVerifier.update(message, 0, message.length);
        return ecdsaVerifier.verifySignature(signature);
    }

    @Override
    public byte[] signEd25519(byte[] message) {
        ed25519Signer.update(message, 0, message.length);
        return ed25519Signer.generateSignature();
    }

    @Override
    public byte[] hmacSha256(byte[] message) {
        byte[] mac = new byte[hmac.getMacSize()];
        hmac.update(message, 0, message.length);
        hmac.doFinal(mac, 0);
        return mac;
    }

    @Override
    public byte[] encryptAesGcm(byte[] iv, byte[] message) throws GeneralSecurityException {
        aesGcm.init(true, new AEADParameters(aesKey, CryptoInputs.GCM_TAG_BITS, iv));
        byte[] out = new byte[aesGcm.getOutputSize(message.length)];
        int written = aesGcm.processBytes(message, 0, message.length, out, 0);
        try {
            aesGcm.doFinal(out, written);
        } catch (CryptoException e) {
            throw new GeneralSecurityException(e);
        }
        return out;
    }
}
