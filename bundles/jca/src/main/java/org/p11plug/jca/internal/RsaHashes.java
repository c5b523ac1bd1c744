package org.p11plug.jca.internal;

import java.util.Map;
import org.p11plug.api.ck.CKG;
import org.p11plug.api.ck.CKM;

/** The hashes that RSA-PSS and OAEP parameters name, by their JCA names: PKCS#11's hash and MGF1 codes. */
final class RsaHashes {
    /** Hash mechanisms. */
    static final Map<String, Long> HASH = Map.of("SHA-1", CKM.SHA_1, "SHA-224", CKM.SHA224, "SHA-256", CKM.SHA256,
            "SHA-384", CKM.SHA384, "SHA-512", CKM.SHA512);
    /** Mask generation functions (CKG_MGF1_*). */
    static final Map<String, Long> MGF1 = Map.of("SHA-1", CKG.MGF1_SHA1, "SHA-224", CKG.MGF1_SHA224,
            "SHA-256", CKG.MGF1_SHA256, "SHA-384", CKG.MGF1_SHA384, "SHA-512", CKG.MGF1_SHA512);

    private RsaHashes() {
    }
}
