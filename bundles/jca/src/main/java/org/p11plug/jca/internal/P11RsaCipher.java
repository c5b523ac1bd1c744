package org.p11plug.jca.internal;

import java.io.ByteArrayOutputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkException;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.ck.CKZ;
import org.p11plug.api.param.RsaPkcsOaepParameter;
import org.p11plug.api.raw.RawAttribute;

/**
 * RSA encryption: PKCS#1 v1.5, OAEP and raw RSA. Decryption needs a private key of the token;
 * encryption takes any RSA public key, put on the token as a session object for the one call.
 * OAEP follows the JDK's names: {@code OAEPWith<hash>AndMGF1Padding} hashes the label with that
 * hash and masks with MGF1-SHA-1 unless an {@link OAEPParameterSpec} says otherwise, as SunJCE does.
 */
public final class P11RsaCipher extends CipherSpi {
    /** The transformations, named as the JCA names them. */
    public enum Padding {
        PKCS1("RSA/ECB/PKCS1Padding", null), NONE("RSA/ECB/NoPadding", null),
        OAEP("RSA/ECB/OAEPPadding", "SHA-1"), OAEP_SHA1("RSA/ECB/OAEPWithSHA-1AndMGF1Padding", "SHA-1"),
        OAEP_SHA224("RSA/ECB/OAEPWithSHA-224AndMGF1Padding", "SHA-224"),
        OAEP_SHA256("RSA/ECB/OAEPWithSHA-256AndMGF1Padding", "SHA-256"),
        OAEP_SHA384("RSA/ECB/OAEPWithSHA-384AndMGF1Padding", "SHA-384"),
        OAEP_SHA512("RSA/ECB/OAEPWithSHA-512AndMGF1Padding", "SHA-512");

        public final String transformation;
        private final @Nullable String oaepHash;

        Padding(String transformation, @Nullable String oaepHash) {
            this.transformation = transformation;
            this.oaepHash = oaepHash;
        }
    }

    private final TokenSessions token;
    private final Padding padding;
    private final ByteArrayOutputStream input = new ByteArrayOutputStream();
    private boolean encrypt;
    private int modulusBytes;
    private @Nullable P11PrivateKey privateKey;
    private RawAttribute @Nullable [] publicKey;
    private @Nullable OAEPParameterSpec oaep;

    public P11RsaCipher(TokenSessions token, Padding padding) {
        this.token = token;
        this.padding = padding;
    }

    @Override
    protected void engineSetMode(String mode) throws NoSuchAlgorithmException {
        if (!"ECB".equalsIgnoreCase(mode) && !"NONE".equalsIgnoreCase(mode)) {
            throw new NoSuchAlgorithmException("RSA has no mode " + mode);
        }
    }

    @Override
    protected void engineSetPadding(String requested) throws NoSuchPaddingException {
        if (!padding.transformation.split("/")[2].equalsIgnoreCase(requested)) {
            throw new NoSuchPaddingException("this cipher is " + padding.transformation);
        }
    }

    @Override
    protected int engineGetBlockSize() {
        return 0;
    }

    @Override
    protected int engineGetOutputSize(int inputLen) {
        return modulusBytes;
    }

    @Override
    protected byte @Nullable [] engineGetIV() {
        return null;
    }

    @Override
    protected @Nullable AlgorithmParameters engineGetParameters() {
        if (oaep == null) {
            return null;
        }
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("OAEP");
            p.init(oaep);
            return p;
        } catch (GeneralSecurityException e) {
            throw new ProviderException("the JDK has no OAEP parameters", e);
        }
    }

    @Override
    protected void engineInit(int opmode, Key key, @Nullable SecureRandom random) throws InvalidKeyException {
        try {
            engineInit(opmode, key, (AlgorithmParameterSpec) null, random);
        } catch (InvalidAlgorithmParameterException e) {
            throw new InvalidKeyException(e.getMessage(), e);
        }
    }

    @Override
    protected void engineInit(int opmode, Key key, @Nullable AlgorithmParameters params, @Nullable SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        try {
            engineInit(opmode, key, params == null ? null : params.getParameterSpec(OAEPParameterSpec.class), random);
        } catch (java.security.spec.InvalidParameterSpecException e) {
            throw new InvalidAlgorithmParameterException("not OAEP parameters", e);
        }
    }

    @Override
    protected void engineInit(int opmode, Key key, @Nullable AlgorithmParameterSpec params, @Nullable SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        oaep = oaepParameters(params);
        boolean encrypting = opmode == Cipher.ENCRYPT_MODE || opmode == Cipher.WRAP_MODE;
        if (encrypting) {
            if (!(key instanceof PublicKey pub) || !(key instanceof RSAKey rsa)) {
                throw new InvalidKeyException("RSA encryption takes an RSA public key: " + key);
            }
            publicKey = PublicKeys.encryptTemplate(pub);
            privateKey = null;
            modulusBytes = (rsa.getModulus().bitLength() + 7) / 8;
        } else {
            if (!(key instanceof P11PrivateKey.Rsa p) || p.token() != token) {
                throw new InvalidKeyException("RSA decryption takes an RSA private key of this provider's token: " + key);
            }
            privateKey = p;
            publicKey = null;
            modulusBytes = (p.getModulus().bitLength() + 7) / 8;
        }
        encrypt = encrypting;
        input.reset();
    }

    private @Nullable OAEPParameterSpec oaepParameters(@Nullable AlgorithmParameterSpec params)
            throws InvalidAlgorithmParameterException {
        if (padding.oaepHash == null) {
            if (params != null) {
                throw new InvalidAlgorithmParameterException(padding.transformation + " takes no parameters");
            }
            return null;
        }
        if (params == null) {
            return new OAEPParameterSpec(padding.oaepHash, "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);
        }
        if (!(params instanceof OAEPParameterSpec spec) || !"MGF1".equalsIgnoreCase(spec.getMGFAlgorithm())
                || !(spec.getMGFParameters() instanceof MGF1ParameterSpec mgf)
                || !RsaHashes.HASH.containsKey(spec.getDigestAlgorithm())
                || !RsaHashes.MGF1.containsKey(mgf.getDigestAlgorithm())
                || !(spec.getPSource() instanceof PSource.PSpecified)) {
            throw new InvalidAlgorithmParameterException("unsupported OAEP parameters: " + params);
        }
        return spec;
    }

    @Override
    protected byte[] engineUpdate(byte[] in, int offset, int len) {
        input.write(in, offset, len);
        return new byte[0];
    }

    @Override
    protected int engineUpdate(byte[] in, int offset, int len, byte[] output, int outputOffset) {
        input.write(in, offset, len);
        return 0;
    }

    @Override
    protected byte[] engineDoFinal(byte[] in, int offset, int len) throws IllegalBlockSizeException, BadPaddingException {
        if (privateKey == null && publicKey == null) {
            throw new IllegalStateException("cipher not initialized");
        }
        if (in != null) {
            input.write(in, offset, len);
        }
        byte[] data = input.toByteArray();
        input.reset();
        Mechanism m = mechanism();
        try {
            if (encrypt) {
                return token.withTemporaryObject(publicKey, (s, object) -> {
                    token.p11().encryptInit(s, m, object);
                    return token.p11().encrypt(s, data, modulusBytes).data();
                });
            }
            long handle = privateKey.handle();
            return token.withSession(s -> {
                token.p11().decryptInit(s, m, handle);
                return token.p11().decrypt(s, data, modulusBytes).data();
            });
        } catch (CkException e) {
            if (e.is(CKR.DATA_LEN_RANGE) || e.is(CKR.ENCRYPTED_DATA_LEN_RANGE)) {
                throw new IllegalBlockSizeException("too long for this key: " + e.getMessage());
            }
            if (e.is(CKR.ENCRYPTED_DATA_INVALID) || e.is(CKR.DATA_INVALID)) {
                throw new BadPaddingException("decryption failed");
            }
            throw new ProviderException((encrypt ? "C_Encrypt: " : "C_Decrypt: ") + e.getMessage(), e);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    @Override
    protected int engineDoFinal(byte[] in, int offset, int len, byte[] output, int outputOffset)
            throws ShortBufferException, IllegalBlockSizeException, BadPaddingException {
        // as SunJCE's RSA: room for a whole modulus, checked before anything is consumed
        if (output.length - outputOffset < modulusBytes) {
            throw new ShortBufferException("the output needs " + modulusBytes + " bytes");
        }
        byte[] out = engineDoFinal(in, offset, len);
        System.arraycopy(out, 0, output, outputOffset, out.length);
        Arrays.fill(out, (byte) 0);
        return out.length;
    }

    private Mechanism mechanism() {
        if (padding == Padding.PKCS1) {
            return Mechanism.of(CKM.RSA_PKCS);
        }
        if (padding == Padding.NONE) {
            return Mechanism.of(CKM.RSA_X_509);
        }
        OAEPParameterSpec spec = oaep;
        MGF1ParameterSpec mgf = (MGF1ParameterSpec) spec.getMGFParameters();
        byte[] label = ((PSource.PSpecified) spec.getPSource()).getValue();
        return Mechanism.of(CKM.RSA_PKCS_OAEP, new RsaPkcsOaepParameter(RsaHashes.HASH.get(spec.getDigestAlgorithm()),
                RsaHashes.MGF1.get(mgf.getDigestAlgorithm()), CKZ.DATA_SPECIFIED, label.length == 0 ? null : label));
    }

    @Override
    protected byte[] engineWrap(Key keyToWrap) throws IllegalBlockSizeException, InvalidKeyException {
        return EncodedKeys.wrap(keyToWrap, encoded -> engineDoFinal(encoded, 0, encoded.length));
    }

    @Override
    protected Key engineUnwrap(byte[] wrappedKey, String wrappedKeyAlgorithm, int wrappedKeyType)
            throws InvalidKeyException, NoSuchAlgorithmException {
        return EncodedKeys.unwrap(wrappedKey, wrappedKeyAlgorithm, wrappedKeyType,
                wrapped -> engineDoFinal(wrapped, 0, wrapped.length));
    }
}
