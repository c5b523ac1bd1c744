package org.p11plug.engine.internal.crypto;

import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKG;
import org.p11plug.api.ck.CKM;

/**
 * The hash functions PKCS#11 names by mechanism ({@code CKM_SHA256}) or by MGF1 variant
 * ({@code CKG_MGF1_SHA256}), as Bouncy Castle digests and JDK algorithm names, with the DER
 * DigestInfo prefixes of PKCS#1 v1.5 signatures (RFC 8017, section 9.2, note 1).
 */
public final class Hashes {
    /** One hash function. */
    public record Hash(long mechanism, long mgf1, String jdkName, int length, Supplier<Digest> bc, byte[] digestInfoPrefix) {
        public Digest newDigest() {
            return bc.get();
        }
    }

    public static final Hash SHA1 = new Hash(CKM.SHA_1, CKG.MGF1_SHA1, "SHA-1", 20, SHA1Digest::new,
            hex("3021300906052b0e03021a05000414"));
    public static final Hash SHA224 = new Hash(CKM.SHA224, CKG.MGF1_SHA224, "SHA-224", 28, SHA224Digest::new,
            hex("302d300d06096086480165030402040500041c"));
    public static final Hash SHA256 = new Hash(CKM.SHA256, CKG.MGF1_SHA256, "SHA-256", 32, SHA256Digest::new,
            hex("3031300d060960864801650304020105000420"));
    public static final Hash SHA384 = new Hash(CKM.SHA384, CKG.MGF1_SHA384, "SHA-384", 48, SHA384Digest::new,
            hex("3041300d060960864801650304020205000430"));
    public static final Hash SHA512 = new Hash(CKM.SHA512, CKG.MGF1_SHA512, "SHA-512", 64, SHA512Digest::new,
            hex("3051300d060960864801650304020305000440"));
    public static final Hash SHA3_224 = new Hash(CKM.SHA3_224, CKG.MGF1_SHA3_224, "SHA3-224", 28,
            () -> new SHA3Digest(224), hex("302d300d06096086480165030402070500041c"));
    public static final Hash SHA3_256 = new Hash(CKM.SHA3_256, CKG.MGF1_SHA3_256, "SHA3-256", 32,
            () -> new SHA3Digest(256), hex("3031300d060960864801650304020805000420"));
    public static final Hash SHA3_384 = new Hash(CKM.SHA3_384, CKG.MGF1_SHA3_384, "SHA3-384", 48,
            () -> new SHA3Digest(384), hex("3041300d060960864801650304020905000430"));
    public static final Hash SHA3_512 = new Hash(CKM.SHA3_512, CKG.MGF1_SHA3_512, "SHA3-512", 64,
            () -> new SHA3Digest(512), hex("3051300d060960864801650304020a05000440"));

    private static final Map<Long, Hash> BY_MECHANISM = Map.of(
            CKM.SHA_1, SHA1, CKM.SHA224, SHA224, CKM.SHA256, SHA256, CKM.SHA384, SHA384, CKM.SHA512, SHA512,
            CKM.SHA3_224, SHA3_224, CKM.SHA3_256, SHA3_256, CKM.SHA3_384, SHA3_384, CKM.SHA3_512, SHA3_512);

    private Hashes() {
    }

    /** @return the hash a mechanism type names, or null */
    public static @Nullable Hash byMechanism(long mechanism) {
        return BY_MECHANISM.get(mechanism);
    }

    /** @return the hash an MGF1 identifier names, or null */
    public static @Nullable Hash byMgf(long mgf) {
        for (Hash h : BY_MECHANISM.values()) {
            if (h.mgf1() == mgf) {
                return h;
            }
        }
        return null;
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
