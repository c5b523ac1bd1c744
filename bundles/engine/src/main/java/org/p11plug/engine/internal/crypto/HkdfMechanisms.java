package org.p11plug.engine.internal.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.param.HkdfParameter;
import org.p11plug.api.param.MechanismParameter;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.object.ObjectRecord;

/**
 * CKM_HKDF_DERIVE (RFC 5869) from a generic secret: extract, expand or both, with no salt, a
 * salt given as data, or the value of a salt key. The specification asks for an input key as
 * long as the hash; this token accepts any length, as RFC 5869 does (its test vectors need it).
 */
final class HkdfMechanisms {
    private HkdfMechanisms() {
    }

    static void register(Mechanisms m) {
        m.add(MechanismDef.builder(CKM.HKDF_DERIVE).bytes(1, MacMechanisms.MAX_SECRET_BYTES)
                .secretKeys(CKK.GENERIC_SECRET).derive(HkdfMechanisms::derive));
    }

    private static byte[] derive(@Nullable MechanismParameter p, ObjectRecord key, int length,
            Factories.KeyResolver keys) {
        if (!(p instanceof HkdfParameter h) || (!h.extract() && !h.expand())) {
            throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "CK_HKDF_PARAMS with extract and/or expand expected");
        }
        Hashes.Hash hash = Hashes.byMechanism(h.prfHashMechanism());
        if (hash == null) {
            throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "unsupported PRF hash");
        }
        int outLength = length >= 0 ? length : hash.length();
        if (h.expand() && length < 0) {
            throw Ck.fail(CKR.TEMPLATE_INCOMPLETE, "CKA_VALUE_LEN is needed to expand");
        }
        if (outLength < 1 || outLength > (h.expand() ? 255 * hash.length() : hash.length())) {
            throw Ck.fail(CKR.KEY_SIZE_RANGE, "HKDF cannot produce " + outLength + " bytes here");
        }
        byte[] salt = h.extract() ? salt(h, keys) : null;
        byte[] info = h.expand() && h.info() != null ? h.info() : new byte[0];
        try {
            return key.withValue(CKA.VALUE, ikm -> {
                HKDFBytesGenerator g = new HKDFBytesGenerator(hash.newDigest());
                byte[] out = new byte[outLength];
                if (!h.expand()) {
                    byte[] prk = g.extractPRK(salt, ikm);
                    System.arraycopy(prk, 0, out, 0, outLength);
                    Arrays.fill(prk, (byte) 0);
                    return out;
                }
                g.init(h.extract() ? new HKDFParameters(ikm, salt, info) : HKDFParameters.skipExtractParameters(ikm, info));
                g.generateBytes(out, 0, outLength);
                return out;
            });
        } finally {
            if (salt != null) {
                Arrays.fill(salt, (byte) 0);
            }
        }
    }

    private static byte @Nullable [] salt(HkdfParameter h, Factories.KeyResolver keys) {
        if (h.saltType() == CKF.HKDF_SALT_NULL) {
            return null;
        }
        if (h.saltType() == CKF.HKDF_SALT_DATA) {
            if (h.salt() == null) {
                throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "CKF_HKDF_SALT_DATA without salt");
            }
            return h.salt().clone();
        }
        if (h.saltType() == CKF.HKDF_SALT_KEY) {
            ObjectRecord saltKey = keys.resolve(h.saltKey());
            if (saltKey.objectClass() != CKO.SECRET_KEY) {
                throw Ck.fail(CKR.KEY_TYPE_INCONSISTENT, "the salt key must be a secret key");
            }
            return saltKey.copyValue(CKA.VALUE);
        }
        throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "unknown HKDF salt type");
    }
}
