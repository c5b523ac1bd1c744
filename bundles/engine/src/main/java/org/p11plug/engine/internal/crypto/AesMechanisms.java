package org.p11plug.engine.internal.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.Wrapper;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC3394WrapEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.param.AesCtrParameter;
import org.p11plug.api.param.ByteArrayParameter;
import org.p11plug.api.param.GcmParameter;
import org.p11plug.api.param.MechanismParameter;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.object.ObjectRecord;
import org.p11plug.spi.crypto.SoftwareCrypto;

/**
 * AES (mechanisms specification, "AES", "AES with Counter", "AES-GCM", "AES Key Wrap"): ECB, CBC,
 * CBC with PKCS #7 padding, CTR and GCM through the JDK's ciphers (AES-NI and GHASH intrinsics),
 * key wrap (RFC 3394) and key wrap with padding (RFC 5649) through Bouncy Castle, and key
 * generation. CKM_AES_KEY_WRAP_PAD, deprecated, is accepted as an alias of CKM_AES_KEY_WRAP_KWP
 * (SoftHSMv2 uses it). AES key sizes are in bytes.
 */
final class AesMechanisms {
    private AesMechanisms() {
    }

    static void register(Mechanisms m) {
        m.add(aes(CKM.AES_KEY_GEN).generate(CKK.AES, AesMechanisms::generate));
        for (Mode mode : Mode.values()) {
            m.add(aes(mode.mechanism)
                    .encrypt((p, k) -> new JdkAesCipher(mode, true, p, k))
                    .decrypt((p, k) -> new JdkAesCipher(mode, false, p, k))
                    .wrap((p, k, key) -> wrapWith(mode, p, k, key), (p, k, wrapped) -> unwrapWith(mode, p, k, wrapped)));
        }
        for (long kw : new long[] {CKM.AES_KEY_WRAP, CKM.AES_KEY_WRAP_KWP, CKM.AES_KEY_WRAP_PAD}) {
            boolean padded = kw != CKM.AES_KEY_WRAP;
            m.add(aes(kw).singlePartOnly()
                    .encrypt((p, k) -> KeyWrapCipher.create(padded, true, p, k))
                    .decrypt((p, k) -> KeyWrapCipher.create(padded, false, p, k))
                    .wrap((p, k, key) -> KeyWrapCipher.wrap(padded, p, k, key),
                            (p, k, wrapped) -> KeyWrapCipher.unwrap(padded, p, k, wrapped)));
        }
    }

    private static MechanismDef.Builder aes(long type) {
        return MechanismDef.builder(type).bytes(16, 32).secretKeys(CKK.AES);
    }

    private static byte[] generate(@Nullable MechanismParameter p, int length) {
        if (length != 16 && length != 24 && length != 32) {
            // inside the mechanism's range but not an AES length: the template is at fault, as
            // when such a key is created or derived (KEY_SIZE_RANGE is for lengths out of range)
            throw Ck.fail(CKR.ATTRIBUTE_VALUE_INVALID, "AES keys are 16, 24 or 32 bytes");
        }
        return MacMechanisms.randomKey(p, length);
    }

    /** The JDK transformations behind each mode, with its parameter check. */
    enum Mode {
        ECB(CKM.AES_ECB, "AES/ECB/NoPadding"),
        CBC(CKM.AES_CBC, "AES/CBC/NoPadding"),
        CBC_PAD(CKM.AES_CBC_PAD, "AES/CBC/PKCS5Padding"),
        CTR(CKM.AES_CTR, "AES/CTR/NoPadding"),
        GCM(CKM.AES_GCM, "AES/GCM/NoPadding");

        final long mechanism;
        final String transformation;

        Mode(long mechanism, String transformation) {
            this.mechanism = mechanism;
            this.transformation = transformation;
        }

        Cipher newCipher() {
            try {
                return SoftwareCrypto.cipher(transformation); // remembers the provider it chose
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks " + transformation, e);
            }
        }

        boolean blockAligned() {
            return this == ECB || this == CBC;
        }
    }

    /** What a key's idle prepared ciphers are filed under (see {@link ObjectRecord#takePrepared}). */
    private record PreparedCipher(Mode mode, boolean encrypt) {}

    /**
     * A mode's JDK cipher, initialized with the key and the checked parameter. The key's idle
     * cipher for this mode and direction is reused when there is one: the JDK skips the key
     * expansion (and GHASH subkey) when a cipher is re-initialized with the key it already
     * holds, which is most of the cost of a short operation.
     */
    static Cipher init(Mode mode, boolean encrypt, @Nullable MechanismParameter p, ObjectRecord key) {
        AlgorithmParameterSpec spec = switch (mode) {
            case ECB -> {
                RsaMechanisms.noParameter(p);
                yield null;
            }
            case CBC, CBC_PAD -> {
                if (!(p instanceof ByteArrayParameter iv) || iv.bytes().length != 16) {
                    throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "a 16-byte IV expected");
                }
                yield new IvParameterSpec(iv.bytes());
            }
            case CTR -> {
                if (!(p instanceof AesCtrParameter ctr) || ctr.counterBlock().length != 16 || ctr.counterBits() < 1
                        || ctr.counterBits() > 128) {
                    throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "CK_AES_CTR_PARAMS expected");
                }
                yield new IvParameterSpec(ctr.counterBlock());
            }
            case GCM -> gcmSpec(p);
        };
        Cipher idle = (Cipher) key.takePrepared(new PreparedCipher(mode, encrypt));
        Cipher c = idle != null ? idle : mode.newCipher();
        try {
            key(c, encrypt, spec, key);
        } catch (InvalidAlgorithmParameterException e) {
            if (idle == null) {
                throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, e.getMessage());
            }
            // The JDK refuses to encrypt twice with one GCM IV on the same cipher object; a token
            // does not track IVs (the caller chooses them), so a reused cipher must not either.
            c = mode.newCipher();
            try {
                key(c, encrypt, spec, key);
            } catch (InvalidAlgorithmParameterException again) {
                throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, again.getMessage());
            }
        }
        if (mode == Mode.GCM) {
            GcmParameter g = (GcmParameter) p;
            if (g.aad() != null && g.aad().length > 0) {
                c.updateAAD(g.aad());
            }
        }
        return c;
    }

    private static void key(Cipher c, boolean encrypt, @Nullable AlgorithmParameterSpec spec, ObjectRecord key)
            throws InvalidAlgorithmParameterException {
        InvalidAlgorithmParameterException refused = key.withValue(CKA.VALUE, v -> {
            try (MacMechanisms.LentKey k = new MacMechanisms.LentKey(v, "AES")) {
                c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, k, spec);
                return null;
            } catch (InvalidAlgorithmParameterException e) {
                return e;
            } catch (GeneralSecurityException e) {
                throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, e.getMessage());
            }
        });
        if (refused != null) {
            throw refused;
        }
    }

    /**
     * CK_GCM_PARAMS: an IV of 1 byte or more (its bit count given or 0), AAD, and a tag of 96 to
     * 128 bits in steps of 8 (the lengths SP 800-38D recommends; the JDK's GCM supports those).
     */
    static GCMParameterSpec gcmSpec(@Nullable MechanismParameter p) {
        if (!(p instanceof GcmParameter g) || g.iv().length == 0
                || (g.ivBits() != 0 && g.ivBits() != 8L * g.iv().length)
                || g.tagBits() < 96 || g.tagBits() > 128 || g.tagBits() % 8 != 0) {
            throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "CK_GCM_PARAMS with an IV and a 96-128 bit tag expected");
        }
        return new GCMParameterSpec((int) g.tagBits(), g.iv());
    }

    /** How many blocks a CTR counter can still count before it would overflow its counter bits. */
    static BigInteger counterRoom(AesCtrParameter ctr) {
        BigInteger modulus = BigInteger.ONE.shiftLeft((int) ctr.counterBits());
        BigInteger value = new BigInteger(1, ctr.counterBlock()).mod(modulus);
        return modulus.subtract(value);
    }

    /** An AES mode of the JDK as a PKCS#11 data operation. */
    private static final class JdkAesCipher implements DataOperation {
        private final Mode mode;
        private final boolean encrypt;
        private final ObjectRecord key;
        private final Cipher cipher;
        private final int tagBytes;
        private final @Nullable BigInteger ctrRoom;
        private final @Nullable BoundedBuffer aeadInput;
        private long totalIn;
        private long totalOut;
        private boolean returned;

        JdkAesCipher(Mode mode, boolean encrypt, @Nullable MechanismParameter p, ObjectRecord key) {
            this.mode = mode;
            this.encrypt = encrypt;
            this.key = key;
            this.cipher = init(mode, encrypt, p, key);
            this.tagBytes = mode == Mode.GCM ? (int) ((GcmParameter) p).tagBits() / 8 : 0;
            this.ctrRoom = mode == Mode.CTR ? counterRoom((AesCtrParameter) p) : null;
            this.aeadInput = mode == Mode.GCM && !encrypt
                    ? new BoundedBuffer(BoundedBuffer.DEFAULT_LIMIT, CKR.ENCRYPTED_DATA_LEN_RANGE) : null;
        }

        private long lengthError() {
            return encrypt ? CKR.DATA_LEN_RANGE : CKR.ENCRYPTED_DATA_LEN_RANGE;
        }

        private void checkCounter(long more) {
            if (ctrRoom != null) {
                long blocks = (totalIn + more + 15) / 16;
                if (BigInteger.valueOf(blocks).compareTo(ctrRoom) > 0) {
                    throw Ck.fail(CKR.DATA_LEN_RANGE, "the counter would overflow its counter bits");
                }
            }
        }

        @Override
        public OutputLength singleLength(int n) {
            return switch (mode) {
                case ECB, CBC, CTR -> OutputLength.exactly(n);
                case CBC_PAD -> encrypt ? OutputLength.exactly((n / 16 + 1) * 16L) : OutputLength.atMost(n);
                case GCM -> OutputLength.exactly(encrypt ? n + (long) tagBytes : Math.max(0, n - tagBytes));
            };
        }

        @Override
        public byte[] single(byte[] input) {
            if (mode.blockAligned() && input.length % 16 != 0) {
                throw Ck.fail(lengthError(), "ECB and CBC take whole 16-byte blocks");
            }
            if (mode == Mode.CBC_PAD && !encrypt && (input.length == 0 || input.length % 16 != 0)) {
                throw Ck.fail(CKR.ENCRYPTED_DATA_LEN_RANGE, "CBC-PAD ciphertexts are whole blocks");
            }
            if (mode == Mode.GCM && !encrypt && input.length < tagBytes) {
                throw Ck.fail(CKR.ENCRYPTED_DATA_LEN_RANGE, "shorter than the tag");
            }
            checkCounter(input.length);
            totalIn += input.length;
            return doFinal(input);
        }

        @Override
        public OutputLength updateLength(int n) {
            long total = totalIn + n;
            return switch (mode) {
                case ECB, CBC -> OutputLength.exactly(total / 16 * 16 - totalOut);
                case CTR -> OutputLength.exactly(n);
                case CBC_PAD -> encrypt ? OutputLength.exactly(total / 16 * 16 - totalOut)
                        : OutputLength.atMost(Math.max(0, total / 16 * 16 - totalOut));
                case GCM -> encrypt ? OutputLength.atMost(total - totalOut) : OutputLength.exactly(0);
            };
        }

        @Override
        public byte[] update(byte[] input) {
            checkCounter(input.length);
            totalIn += input.length;
            if (aeadInput != null) {
                aeadInput.append(input);
                return new byte[0];
            }
            byte[] out = cipher.update(input);
            out = out == null ? new byte[0] : out;
            totalOut += out.length;
            return out;
        }

        @Override
        public OutputLength finalLength() {
            return switch (mode) {
                case ECB, CBC, CTR -> OutputLength.exactly(Math.max(0, totalIn - totalOut));
                case CBC_PAD -> encrypt ? OutputLength.exactly((totalIn / 16 + 1) * 16 - totalOut)
                        : OutputLength.atMost(Math.max(0, totalIn - totalOut));
                case GCM -> OutputLength.exactly(encrypt ? totalIn + tagBytes - totalOut : Math.max(0, totalIn - tagBytes));
            };
        }

        @Override
        public byte[] finish() {
            if (mode.blockAligned() && totalIn % 16 != 0) {
                throw Ck.fail(lengthError(), "ECB and CBC take whole 16-byte blocks");
            }
            if (aeadInput != null) {
                if (aeadInput.size() < tagBytes) {
                    throw Ck.fail(CKR.ENCRYPTED_DATA_LEN_RANGE, "shorter than the tag");
                }
                byte[] all = aeadInput.take();
                try {
                    return doFinal(all);
                } finally {
                    aeadInput.erase();
                }
            }
            return doFinal(new byte[0]);
        }

        private byte[] doFinal(byte[] input) {
            try {
                return cipher.doFinal(input);
            } catch (AEADBadTagException e) {
                throw Ck.fail(CKR.ENCRYPTED_DATA_INVALID, "GCM tag mismatch");
            } catch (BadPaddingException e) {
                throw Ck.fail(CKR.ENCRYPTED_DATA_INVALID, "bad padding");
            } catch (IllegalBlockSizeException e) {
                throw Ck.fail(lengthError(), e.getMessage());
            }
        }

        @Override
        public void close() {
            if (aeadInput != null) {
                aeadInput.erase();
            }
            // whatever state the cipher is in, its next init resets it; handed back once only,
            // or it could serve two operations at once
            if (!returned) {
                returned = true;
                key.givePrepared(new PreparedCipher(mode, encrypt), cipher);
            }
        }
    }

    // ---- wrapping with the block modes (CBC_PAD and GCM are the useful ones) ----

    private static byte[] wrapWith(Mode mode, @Nullable MechanismParameter p, ObjectRecord key, byte[] encoded) {
        if (mode.blockAligned() && encoded.length % 16 != 0) {
            throw Ck.fail(CKR.KEY_SIZE_RANGE, "ECB and CBC wrap only whole blocks; use CBC_PAD, GCM or key wrap");
        }
        try (JdkAesCipher c = new JdkAesCipher(mode, true, p, key)) {
            return c.single(encoded);
        }
    }

    private static byte[] unwrapWith(Mode mode, @Nullable MechanismParameter p, ObjectRecord key, byte[] wrapped) {
        try (JdkAesCipher c = new JdkAesCipher(mode, false, p, key)) {
            return c.single(wrapped);
        } catch (org.p11plug.api.CkException e) {
            throw Ck.fail(e.is(CKR.ENCRYPTED_DATA_LEN_RANGE) ? CKR.WRAPPED_KEY_LEN_RANGE : CKR.WRAPPED_KEY_INVALID,
                    e.getMessage());
        }
    }

    /**
     * RFC 3394 key wrap and RFC 5649 key wrap with padding, for C_WrapKey/C_UnwrapKey and for
     * single-part C_Encrypt/C_Decrypt. The optional parameter is the initial value (8 bytes, or
     * 4 with padding).
     */
    static final class KeyWrapCipher {
        private KeyWrapCipher() {
        }

        /**
         * Bouncy Castle's wrap engines keep the key parameter and expand it on every call, so the
         * copy of the key stays alive (and is erased) with the engine, not at initialization.
         */
        private record Engine(Wrapper wrapper, KeyParameter key) implements AutoCloseable {
            @Override
            public void close() {
                Arrays.fill(key.getKey(), (byte) 0);
            }
        }

        private static Engine engine(boolean padded, boolean forWrapping, @Nullable MechanismParameter p,
                ObjectRecord key) {
            byte[] iv = null;
            if (p != null) {
                if (!(p instanceof ByteArrayParameter b) || b.bytes().length != (padded ? 4 : 8)) {
                    throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "an initial value of " + (padded ? 4 : 8) + " bytes expected");
                }
                iv = b.bytes();
            }
            Wrapper w = padded ? new RFC5649WrapEngine(AESEngine.newInstance()) : new RFC3394WrapEngine(AESEngine.newInstance());
            KeyParameter k = key.withValue(CKA.VALUE, KeyParameter::new);
            w.init(forWrapping, iv == null ? k : new ParametersWithIV(k, iv));
            return new Engine(w, k);
        }

        static byte[] wrap(boolean padded, @Nullable MechanismParameter p, ObjectRecord key, byte[] encoded) {
            byte[] input = encoded;
            if (!padded && (encoded.length % 8 != 0 || encoded.length < 16)) {
                // RFC 3394 wraps whole semiblocks, two at least: the key is zero-padded to fit.
                input = Arrays.copyOf(encoded, Math.max(16, (encoded.length + 7) / 8 * 8));
            }
            try (Engine e = engine(padded, true, p, key)) {
                return e.wrapper().wrap(input, 0, input.length);
            } finally {
                if (input != encoded) {
                    Arrays.fill(input, (byte) 0);
                }
            }
        }

        static byte[] unwrap(boolean padded, @Nullable MechanismParameter p, ObjectRecord key, byte[] wrapped) {
            if (wrapped.length % 8 != 0 || wrapped.length < 16) {
                throw Ck.fail(CKR.WRAPPED_KEY_LEN_RANGE, "wrapped keys are whole semiblocks, 16 bytes at least");
            }
            try (Engine e = engine(padded, false, p, key)) {
                return e.wrapper().unwrap(wrapped, 0, wrapped.length);
            } catch (InvalidCipherTextException e) {
                throw Ck.fail(CKR.WRAPPED_KEY_INVALID, "integrity check failed");
            }
        }

        static DataOperation create(boolean padded, boolean encrypt, @Nullable MechanismParameter p, ObjectRecord key) {
            Engine e = engine(padded, encrypt, p, key);
            Wrapper w = e.wrapper();
            return new DataOperation() {
                @Override
                public OutputLength singleLength(int n) {
                    if (encrypt) {
                        return OutputLength.exactly(padded ? (n + 7) / 8 * 8 + 8L : n + 8L);
                    }
                    return padded ? OutputLength.atMost(Math.max(0, n - 8)) : OutputLength.exactly(Math.max(0, n - 8));
                }

                @Override
                public byte[] single(byte[] input) {
                    if (encrypt) {
                        if (!padded && (input.length % 8 != 0 || input.length < 16)) {
                            throw Ck.fail(CKR.DATA_LEN_RANGE, "key wrap encrypts whole semiblocks, 16 bytes at least");
                        }
                        return w.wrap(input, 0, input.length);
                    }
                    if (input.length % 8 != 0 || input.length < 16) {
                        throw Ck.fail(CKR.ENCRYPTED_DATA_LEN_RANGE, "whole semiblocks, 16 bytes at least");
                    }
                    try {
                        return w.unwrap(input, 0, input.length);
                    } catch (InvalidCipherTextException e) {
                        throw Ck.fail(CKR.ENCRYPTED_DATA_INVALID, "integrity check failed");
                    }
                }

                @Override
                public OutputLength updateLength(int n) {
                    throw Ck.fail(CKR.FUNCTION_NOT_SUPPORTED, "key wrap is single-part only");
                }

                @Override
                public byte[] update(byte[] input) {
                    throw Ck.fail(CKR.FUNCTION_NOT_SUPPORTED, "key wrap is single-part only");
                }

                @Override
                public OutputLength finalLength() {
                    throw Ck.fail(CKR.FUNCTION_NOT_SUPPORTED, "key wrap is single-part only");
                }

                @Override
                public byte[] finish() {
                    throw Ck.fail(CKR.FUNCTION_NOT_SUPPORTED, "key wrap is single-part only");
                }

                @Override
                public void close() {
                    e.close();
                }
            };
        }
    }
}
