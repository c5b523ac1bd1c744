package org.p11plug.engine.internal.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.param.RsaPkcsOaepParameter;
import org.p11plug.engine.internal.Ck;
import org.p11plug.spi.crypto.SoftwareCrypto;

/**
 * RSA encryption and decryption, single-part (mechanisms specification, "PKCS #1 v1.5 RSA",
 * "PKCS #1 RSA OAEP", "X.509 (raw) RSA"). PKCS #1 v1.5 padding is removed in constant time:
 * the scan over the decrypted block does not branch on its bytes, so the time taken does not
 * tell where the padding ends or whether it was valid; only the result code does, as the
 * PKCS #11 interface requires.
 */
final class RsaCipher {
    private static final SecureRandom RANDOM = SoftwareCrypto.random();

    private RsaCipher() {
    }

    /** A single-part cipher: the work and its output length, both on the whole input. */
    private abstract static class SinglePart implements DataOperation {
        @Override
        public OutputLength updateLength(int inputLength) {
            throw singleOnly();
        }

        @Override
        public byte[] update(byte[] input) {
            throw singleOnly();
        }

        @Override
        public OutputLength finalLength() {
            throw singleOnly();
        }

        @Override
        public byte[] finish() {
            throw singleOnly();
        }

        @Override
        public void close() {
            // Keys are BigIntegers; nothing erasable is held between calls.
        }

        private static RuntimeException singleOnly() {
            return Ck.fail(CKR.FUNCTION_NOT_SUPPORTED, "this mechanism is single-part only");
        }
    }

    static DataOperation pkcs1(@Nullable Void checked, RSAKeyParameters key) {
        int k = RsaMechanisms.modulusBytes(key);
        if (!key.isPrivate()) {
            return new SinglePart() {
                @Override
                public OutputLength singleLength(int inputLength) {
                    return OutputLength.exactly(k);
                }

                @Override
                public byte[] single(byte[] input) {
                    if (input.length > k - 11) {
                        throw Ck.fail(CKR.DATA_LEN_RANGE, "PKCS #1 v1.5 encrypts at most k-11 bytes");
                    }
                    byte[] em = new byte[k];
                    em[1] = 0x02;
                    for (int i = 2; i < k - input.length - 1; i++) {
                        byte b;
                        do {
                            b = (byte) RANDOM.nextInt(256);
                        } while (b == 0);
                        em[i] = b;
                    }
                    System.arraycopy(input, 0, em, k - input.length, input.length);
                    try {
                        return publicOp(key, em);
                    } finally {
                        Arrays.fill(em, (byte) 0);
                    }
                }
            };
        }
        return new SinglePart() {
            @Override
            public OutputLength singleLength(int inputLength) {
                return OutputLength.atMost(k - 11);
            }

            @Override
            public byte[] single(byte[] input) {
                checkCiphertext(key, input, CKR.ENCRYPTED_DATA_LEN_RANGE, CKR.ENCRYPTED_DATA_INVALID);
                byte[] em = RsaMechanisms.privateOp(key, input);
                try {
                    byte[] message = unpadType2(em);
                    if (message == null) {
                        throw Ck.fail(CKR.ENCRYPTED_DATA_INVALID);
                    }
                    return message;
                } finally {
                    Arrays.fill(em, (byte) 0);
                }
            }
        };
    }

    static DataOperation raw(@Nullable Void checked, RSAKeyParameters key) {
        int k = RsaMechanisms.modulusBytes(key);
        return new SinglePart() {
            @Override
            public OutputLength singleLength(int inputLength) {
                return OutputLength.exactly(k);
            }

            @Override
            public byte[] single(byte[] input) {
                if (key.isPrivate()) {
                    checkCiphertext(key, input, CKR.ENCRYPTED_DATA_LEN_RANGE, CKR.ENCRYPTED_DATA_INVALID);
                    return RsaMechanisms.privateOp(key, input);
                }
                if (input.length > k || new BigInteger(1, input).compareTo(key.getModulus()) >= 0) {
                    throw Ck.fail(CKR.DATA_LEN_RANGE, "raw RSA input must be smaller than the modulus");
                }
                return publicOp(key, RsaMechanisms.pad(input, k));
            }
        };
    }

    static DataOperation oaep(RsaPkcsOaepParameter p, RSAKeyParameters key) {
        int k = RsaMechanisms.modulusBytes(key);
        int maxInput = k - 2 * Hashes.byMechanism(p.hashAlgorithm()).length() - 2;
        return new SinglePart() {
            @Override
            public OutputLength singleLength(int inputLength) {
                return key.isPrivate() ? OutputLength.atMost(Math.max(0, maxInput)) : OutputLength.exactly(k);
            }

            @Override
            public byte[] single(byte[] input) {
                if (key.isPrivate()) {
                    checkCiphertext(key, input, CKR.ENCRYPTED_DATA_LEN_RANGE, CKR.ENCRYPTED_DATA_INVALID);
                    return oaepDecrypt(p, key, input, CKR.ENCRYPTED_DATA_INVALID);
                }
                if (input.length > maxInput) {
                    throw Ck.fail(CKR.DATA_LEN_RANGE, "OAEP encrypts at most " + maxInput + " bytes with this key");
                }
                return oaepEncrypt(p, key, input);
            }
        };
    }

    static byte[] oaepWrap(RsaPkcsOaepParameter p, RSAKeyParameters key, byte[] encodedKey) {
        int k = RsaMechanisms.modulusBytes(key);
        if (encodedKey.length > k - 2 * Hashes.byMechanism(p.hashAlgorithm()).length() - 2) {
            throw Ck.fail(CKR.KEY_SIZE_RANGE, "the key is too long to wrap with this RSA key");
        }
        return oaepEncrypt(p, key, encodedKey);
    }

    static byte[] oaepUnwrap(RsaPkcsOaepParameter p, RSAKeyParameters key, byte[] wrapped) {
        checkCiphertext(key, wrapped, CKR.WRAPPED_KEY_LEN_RANGE, CKR.WRAPPED_KEY_INVALID);
        return oaepDecrypt(p, key, wrapped, CKR.WRAPPED_KEY_INVALID);
    }

    private static byte[] oaepEncrypt(RsaPkcsOaepParameter p, RSAKeyParameters key, byte[] input) {
        OAEPEncoding oaep = RsaMechanisms.oaepEncoding(p);
        oaep.init(true, new ParametersWithRandom(key, RANDOM));
        try {
            return RsaMechanisms.pad(oaep.processBlock(input, 0, input.length), RsaMechanisms.modulusBytes(key));
        } catch (InvalidCipherTextException e) {
            throw Ck.fail(CKR.DATA_LEN_RANGE, e.getMessage());
        }
    }

    private static byte[] oaepDecrypt(RsaPkcsOaepParameter p, RSAKeyParameters key, byte[] input, long invalid) {
        OAEPEncoding oaep = RsaMechanisms.oaepEncoding(p);
        oaep.init(false, new ParametersWithRandom(key, RANDOM));
        try {
            return oaep.processBlock(input, 0, input.length);
        } catch (InvalidCipherTextException e) {
            throw Ck.fail(invalid);
        }
    }

    private static void checkCiphertext(RSAKeyParameters key, byte[] input, long lengthError, long invalid) {
        if (input.length != RsaMechanisms.modulusBytes(key)) {
            throw Ck.fail(lengthError, "RSA ciphertexts are k bytes long");
        }
        if (new BigInteger(1, input).compareTo(key.getModulus()) >= 0) {
            throw Ck.fail(invalid);
        }
    }

    private static byte[] publicOp(RSAKeyParameters key, byte[] em) {
        RSABlindedEngine engine = new RSABlindedEngine();
        engine.init(true, key);
        return RsaMechanisms.pad(engine.processBlock(em, 0, em.length), RsaMechanisms.modulusBytes(key));
    }

    /**
     * Removes EME-PKCS1-v1_5 padding (00 02 PS 00 M, PS at least 8 non-zero bytes) without
     * branching on the block's bytes; only the final verdict is a branch.
     *
     * @return the message, or null when the padding is invalid
     */
    static byte @Nullable [] unpadType2(byte[] em) {
        int good = isZero(em[0] & 0xff) & isZero((em[1] & 0xff) ^ 0x02);
        int separator = 0;
        int lookingForSeparator = 1;
        for (int i = 2; i < em.length; i++) {
            int zero = isZero(em[i] & 0xff);
            int hit = zero & lookingForSeparator;
            separator |= i & -hit;
            lookingForSeparator &= ~zero & 1;
        }
        good &= ~lookingForSeparator & 1;
        good &= ~isLess(separator, 10) & 1;
        if (good == 0) {
            return null;
        }
        return Arrays.copyOfRange(em, separator + 1, em.length);
    }

    /** 1 when x == 0, else 0, for 0 <= x < 2^31; no branch. */
    private static int isZero(int x) {
        return ((x - 1) >>> 31) & ~(x >>> 31);
    }

    /** 1 when a < b, else 0, for non-negative ints; no branch. */
    private static int isLess(int a, int b) {
        return (a - b) >>> 31;
    }
}
