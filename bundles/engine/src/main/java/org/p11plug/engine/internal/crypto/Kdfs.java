package org.p11plug.engine.internal.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.DerivationFunction;
import org.bouncycastle.crypto.generators.KDF2BytesGenerator;
import org.bouncycastle.crypto.agreement.kdf.ConcatenationKDFGenerator;
import org.bouncycastle.crypto.params.KDFParameters;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKD;
import org.p11plug.api.ck.CKR;
import org.p11plug.engine.internal.Ck;

/**
 * The key derivation functions of CK_ECDH1_DERIVE_PARAMS (mechanisms specification,
 * CK_EC_KDF_TYPE): CKD_NULL keeps the raw shared secret, CKD_SHA*_KDF is the ANSI X9.63 KDF
 * (Bouncy Castle's KDF2, counter from 1), CKD_SHA*_KDF_SP800 the SP 800-56A concatenation KDF.
 * A KDF produces as many bytes as the new key needs, or as many as the shared secret holds.
 */
final class Kdfs {
    private Kdfs() {
    }

    /** Checks the KDF and its shared data before any work: CKR_MECHANISM_PARAM_INVALID. */
    static void check(long kdf, byte @Nullable [] sharedData) {
        if (kdf == CKD.NULL) {
            if (sharedData != null && sharedData.length > 0) {
                throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "CKD_NULL takes no shared data");
            }
            return;
        }
        if (hash(kdf) == null) {
            throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "unsupported KDF 0x" + Long.toHexString(kdf));
        }
    }

    /**
     * The derived bytes, {@code length} of them (or as many as Z when -1); the shared secret
     * {@code z} is erased.
     */
    static byte[] apply(long kdf, byte[] z, byte @Nullable [] sharedData, int length) {
        if (kdf == CKD.NULL) {
            if (length < 0 || length == z.length) {
                return z;
            }
            if (length > z.length) {
                Arrays.fill(z, (byte) 0);
                throw Ck.fail(CKR.TEMPLATE_INCONSISTENT, "the shared secret has only " + z.length + " bytes");
            }
            byte[] tail = Arrays.copyOfRange(z, z.length - length, z.length);
            Arrays.fill(z, (byte) 0);
            return tail;
        }
        try {
            Hashes.Hash h = hash(kdf);
            DerivationFunction f = isSp800(kdf) ? new ConcatenationKDFGenerator(h.newDigest())
                    : new KDF2BytesGenerator(h.newDigest());
            f.init(new KDFParameters(z, sharedData == null ? new byte[0] : sharedData));
            byte[] out = new byte[length < 0 ? z.length : length];
            f.generateBytes(out, 0, out.length);
            return out;
        } finally {
            Arrays.fill(z, (byte) 0);
        }
    }

    private static boolean isSp800(long kdf) {
        return kdf == CKD.SHA1_KDF_SP800 || kdf == CKD.SHA224_KDF_SP800 || kdf == CKD.SHA256_KDF_SP800
                || kdf == CKD.SHA384_KDF_SP800 || kdf == CKD.SHA512_KDF_SP800;
    }

    private static Hashes.@Nullable Hash hash(long kdf) {
        if (kdf == CKD.SHA1_KDF || kdf == CKD.SHA1_KDF_SP800) {
            return Hashes.SHA1;
        }
        if (kdf == CKD.SHA224_KDF || kdf == CKD.SHA224_KDF_SP800) {
            return Hashes.SHA224;
        }
        if (kdf == CKD.SHA256_KDF || kdf == CKD.SHA256_KDF_SP800) {
            return Hashes.SHA256;
        }
        if (kdf == CKD.SHA384_KDF || kdf == CKD.SHA384_KDF_SP800) {
            return Hashes.SHA384;
        }
        if (kdf == CKD.SHA512_KDF || kdf == CKD.SHA512_KDF_SP800) {
            return Hashes.SHA512;
        }
        return null;
    }
}
