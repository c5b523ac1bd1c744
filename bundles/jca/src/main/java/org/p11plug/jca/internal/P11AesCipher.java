package org.p11plug.jca.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkException;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.param.AesCtrParameter;
import org.p11plug.api.param.ByteArrayParameter;
import org.p11plug.api.param.GcmParameter;
import org.p11plug.spi.crypto.SoftwareCrypto;

/**
 * AES on the token: ECB, CBC (without padding or with PKCS#5, which is PKCS#11's CBC_PAD), CTR
 * and GCM. Each {@code update} is a complete single-part PKCS#11 operation over the whole
 * blocks it has, and the chaining state (the next IV, the counter) stays in this object: no
 * session is held between calls, so a cipher dropped in the middle of a message holds nothing
 * on the token, and any number of ciphers share the provider's few sessions. Partial blocks
 * wait for the next call; CBC/PKCS5 decryption keeps its last block for {@code doFinal}, which
 * removes the padding. GCM is one operation at {@code doFinal} (PKCS#11 GCM releases no
 * plaintext before the tag is checked either).
 */
public final class P11AesCipher extends CipherSpi {
    private static final int BLOCK = 16;

    /** The transformations, named as the JCA names them. */
    public enum Mode {
        ECB("AES/ECB/NoPadding", CKM.AES_ECB), CBC("AES/CBC/NoPadding", CKM.AES_CBC),
        CBC_PAD("AES/CBC/PKCS5Padding", CKM.AES_CBC_PAD), CTR("AES/CTR/NoPadding", CKM.AES_CTR),
        GCM("AES/GCM/NoPadding", CKM.AES_GCM);

        public final String transformation;
        private final long mechanism;

        Mode(String transformation, long mechanism) {
            this.transformation = transformation;
            this.mechanism = mechanism;
        }
    }

    private final TokenSessions token;
    private final Mode mode;
    private @Nullable P11SecretKey key;
    /** The key as the program gave it (the same object as key, or a raw key brought to the token as key). */
    private @Nullable Key sourceKey;
    private boolean encrypt;
    /** The IV (CBC), initial counter block (CTR) or nonce (GCM) given at init, for getIV and reset. */
    private byte @Nullable [] initialIv;
    /** The chaining value of the next block: the running IV or counter block. */
    private byte @Nullable [] chain;
    private int tagBits = 128;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteArrayOutputStream aad = new ByteArrayOutputStream();
    /** GCM: the key and IV of the last encryption, which may not encrypt again; and whether it is done. */
    private long sealedKey = -1;
    private byte @Nullable [] sealedIv;
    private boolean sealed;

    public P11AesCipher(TokenSessions token, Mode mode) {
        this.token = token;
        this.mode = mode;
    }

    @Override
    protected void engineSetMode(String requested) throws NoSuchAlgorithmException {
        if (!mode.transformation.split("/")[1].equalsIgnoreCase(requested)) {
            throw new NoSuchAlgorithmException("this cipher is " + mode.transformation);
        }
    }

    @Override
    protected void engineSetPadding(String requested) throws NoSuchPaddingException {
        if (!mode.transformation.split("/")[2].equalsIgnoreCase(requested)) {
            throw new NoSuchPaddingException("this cipher is " + mode.transformation);
        }
    }

    @Override
    protected int engineGetBlockSize() {
        return BLOCK;
    }

    @Override
    protected int engineGetOutputSize(int inputLen) {
        int total = pending.size() + inputLen;
        return switch (mode) {
            case CBC_PAD -> encrypt ? (total / BLOCK + 1) * BLOCK : total;
            case GCM -> encrypt ? total + tagBits / 8 : Math.max(0, total - tagBits / 8);
            default -> total;
        };
    }

    @Override
    protected byte @Nullable [] engineGetIV() {
        return initialIv == null ? null : initialIv.clone();
    }

    @Override
    protected @Nullable AlgorithmParameters engineGetParameters() {
        if (initialIv == null) {
            return null;
        }
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance(mode == Mode.GCM ? "GCM" : "AES");
            p.init(mode == Mode.GCM ? new GCMParameterSpec(tagBits, initialIv) : new IvParameterSpec(initialIv));
            return p;
        } catch (GeneralSecurityException e) {
            throw new ProviderException("the JDK has no AES parameters", e);
        }
    }

    @Override
    protected void engineInit(int opmode, Key key, @Nullable SecureRandom random) throws InvalidKeyException {
        try {
            engineInit(opmode, key, (AlgorithmParameterSpec) null, random);
        } catch (InvalidAlgorithmParameterException e) {
            throw new InvalidKeyException("this mode needs parameters to decrypt: " + e.getMessage(), e);
        }
    }

    @Override
    protected void engineInit(int opmode, Key key, @Nullable AlgorithmParameters params, @Nullable SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        AlgorithmParameterSpec spec = null;
        if (params != null) {
            try {
                spec = mode == Mode.GCM ? params.getParameterSpec(GCMParameterSpec.class)
                        : params.getParameterSpec(IvParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new InvalidAlgorithmParameterException("not parameters of " + mode.transformation, e);
            }
        }
        engineInit(opmode, key, spec, random);
    }

    @Override
    protected void engineInit(int opmode, Key key, @Nullable AlgorithmParameterSpec params, @Nullable SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        boolean encrypting = opmode == Cipher.ENCRYPT_MODE || opmode == Cipher.WRAP_MODE;
        if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new InvalidKeyException("not an AES key: " + key.getAlgorithm());
        }
        byte[] iv = parameters(params, encrypting, random);
        // the same key object again (JSSE re-inits per record) keeps the session object it was brought as
        P11SecretKey onToken = key == sourceKey && this.key != null ? this.key : P11SecretKey.of(token, key, CKK.AES);
        if (mode == Mode.GCM && encrypting && onToken.handle() == sealedKey && Arrays.equals(iv, sealedIv)) {
            // as SunJCE: a GCM key and IV that sealed once never seal again (it would reveal the key stream and the
            // authentication key)
            throw new InvalidAlgorithmParameterException("GCM: this key and IV have encrypted already; take a new IV");
        }
        this.key = onToken;
        this.sourceKey = key;
        this.encrypt = encrypting;
        this.initialIv = iv;
        this.sealed = false;
        restart();
    }

    /** The IV, counter block or nonce for this init: given, or made when encrypting without one. */
    private byte @Nullable [] parameters(@Nullable AlgorithmParameterSpec params, boolean encrypting,
            @Nullable SecureRandom random) throws InvalidAlgorithmParameterException {
        if (mode == Mode.ECB) {
            if (params != null) {
                throw new InvalidAlgorithmParameterException("ECB takes no parameters");
            }
            return null;
        }
        if (params == null) {
            if (!encrypting) {
                throw new InvalidAlgorithmParameterException(mode.transformation + " needs its IV to decrypt");
            }
            byte[] fresh = new byte[mode == Mode.GCM ? 12 : BLOCK];
            (random != null ? random : SoftwareCrypto.random()).nextBytes(fresh);
            tagBits = 128;
            return fresh;
        }
        if (mode == Mode.GCM) {
            if (!(params instanceof GCMParameterSpec gcm) || gcm.getIV().length == 0) {
                throw new InvalidAlgorithmParameterException("GCM needs a GCMParameterSpec with an IV");
            }
            if (gcm.getTLen() < 96 || gcm.getTLen() > 128 || gcm.getTLen() % 8 != 0) {
                throw new InvalidAlgorithmParameterException("GCM tag length " + gcm.getTLen());
            }
            tagBits = gcm.getTLen();
            return gcm.getIV();
        }
        if (!(params instanceof IvParameterSpec ivSpec) || ivSpec.getIV().length != BLOCK) {
            throw new InvalidAlgorithmParameterException(mode.transformation + " needs a 16-byte IvParameterSpec");
        }
        return ivSpec.getIV();
    }

    /** Back to the state right after init: the initial IV, nothing pending. */
    private void restart() {
        chain = initialIv == null ? null : initialIv.clone();
        pending.reset();
        aad.reset();
    }

    @Override
    protected void engineUpdateAAD(byte[] src, int offset, int len) {
        if (mode != Mode.GCM) {
            throw new IllegalStateException("additional authenticated data is for GCM");
        }
        if (pending.size() > 0) {
            throw new IllegalStateException("additional authenticated data comes before the text");
        }
        aad.write(src, offset, len);
    }

    @Override
    protected byte[] engineUpdate(byte[] input, int offset, int len) {
        ready();
        if (input != null) {
            pending.write(input, offset, len);
        }
        if (mode == Mode.GCM) {
            return new byte[0];
        }
        byte[] all = pending.toByteArray();
        int usable = usable(all.length);
        if (usable == 0) {
            return new byte[0];
        }
        pending.reset();
        pending.write(all, usable, all.length - usable);
        byte[] blocks = Arrays.copyOf(all, usable);
        Arrays.fill(all, (byte) 0);
        try {
            return run(mode == Mode.CBC_PAD ? CKM.AES_CBC : mode.mechanism, blocks);
        } catch (CkException e) {
            throw new ProviderException(operation() + ": " + e.getMessage(), e);
        }
    }

    /** How many of {@code total} pending bytes an update processes now: whole blocks, less what doFinal needs. */
    private int usable(int total) {
        if (mode == Mode.GCM) {
            return 0;
        }
        return mode == Mode.CBC_PAD && !encrypt
                ? Math.max(0, (total - 1) / BLOCK * BLOCK) // the last block (padding) waits for doFinal
                : total / BLOCK * BLOCK;
    }

    @Override
    protected int engineUpdate(byte[] input, int offset, int len, byte[] output, int outputOffset)
            throws ShortBufferException {
        int produced = usable(pending.size() + len);
        if (output.length - outputOffset < produced) {
            throw new ShortBufferException("the output needs " + produced + " bytes");
        }
        byte[] out = engineUpdate(input, offset, len);
        System.arraycopy(out, 0, output, outputOffset, out.length);
        return out.length;
    }

    @Override
    protected byte[] engineDoFinal(byte[] input, int offset, int len) throws IllegalBlockSizeException, BadPaddingException {
        ready();
        if (input != null) {
            pending.write(input, offset, len);
        }
        byte[] rest = pending.toByteArray();
        try {
            if ((mode == Mode.ECB || mode == Mode.CBC || (mode == Mode.CBC_PAD && !encrypt)) && rest.length % BLOCK != 0) {
                throw new IllegalBlockSizeException(mode.transformation + " takes whole 16-byte blocks");
            }
            if (rest.length == 0 && mode != Mode.CBC_PAD && mode != Mode.GCM) {
                return new byte[0];
            }
            byte[] out = run(mode.mechanism, rest);
            if (mode == Mode.GCM && encrypt) {
                sealed = true;
                sealedKey = key.handle();
                sealedIv = initialIv.clone();
            }
            return out;
        } catch (CkException e) {
            if (e.is(CKR.ENCRYPTED_DATA_INVALID) || e.is(CKR.ENCRYPTED_DATA_LEN_RANGE)) {
                if (mode == Mode.GCM) {
                    throw new AEADBadTagException("the GCM tag does not match");
                }
                throw new BadPaddingException("the padding is not PKCS#5");
            }
            throw new ProviderException(operation() + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(rest, (byte) 0);
            restart();
        }
    }

    @Override
    protected int engineDoFinal(byte[] input, int offset, int len, byte[] output, int outputOffset)
            throws ShortBufferException, IllegalBlockSizeException, BadPaddingException {
        if (output.length - outputOffset < engineGetOutputSize(len)) {
            throw new ShortBufferException("the output needs " + engineGetOutputSize(len) + " bytes");
        }
        byte[] out = engineDoFinal(input, offset, len);
        System.arraycopy(out, 0, output, outputOffset, out.length);
        return out.length;
    }

    /** One single-part operation over {@code data} from the current chaining value, which it then advances. */
    private byte[] run(long type, byte[] data) {
        P11SecretKey k = key;
        byte[] iv = chain;
        Mechanism m = switch (mode) {
            case ECB -> Mechanism.of(type);
            case CBC, CBC_PAD -> Mechanism.of(type, new ByteArrayParameter(iv.clone()));
            case CTR -> Mechanism.of(type, new AesCtrParameter(128, iv.clone()));
            case GCM -> Mechanism.of(type, new GcmParameter(iv.clone(), 8L * iv.length,
                    aad.size() == 0 ? null : aad.toByteArray(), tagBits));
        };
        long capacity = data.length + BLOCK + tagBits / 8;
        byte[] out = token.withSession(s -> {
            if (encrypt) {
                token.p11().encryptInit(s, m, k.handle());
                return token.p11().encrypt(s, data, capacity).data();
            }
            token.p11().decryptInit(s, m, k.handle());
            return token.p11().decrypt(s, data, capacity).data();
        });
        if (mode == Mode.CBC || mode == Mode.CBC_PAD) {
            byte[] cipherText = encrypt ? out : data;
            chain = Arrays.copyOfRange(cipherText, cipherText.length - BLOCK, cipherText.length);
        } else if (mode == Mode.CTR) {
            chain = advance(iv, data.length / BLOCK);
        }
        return out;
    }

    /** The counter block {@code blocks} on, wrapping at 2^128 as the JDK's CTR does. */
    private static byte[] advance(byte[] counter, int blocks) {
        byte[] next = new BigInteger(1, counter).add(BigInteger.valueOf(blocks)).toByteArray();
        byte[] out = new byte[BLOCK];
        int n = Math.min(next.length, BLOCK);
        System.arraycopy(next, next.length - n, out, BLOCK - n, n);
        return out;
    }

    private void ready() {
        if (key == null) {
            throw new IllegalStateException("cipher not initialized");
        }
        if (sealed) {
            throw new IllegalStateException("GCM encryption is done: init again with a new IV");
        }
    }

    private String operation() {
        return encrypt ? "C_Encrypt" : "C_Decrypt";
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
