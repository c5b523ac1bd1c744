package org.p11plug.conformance;

import org.p11plug.api.ck.CKG;
import org.p11plug.api.ck.CKM;

/**
 * The hash functions the token offers, with each mechanism built on them and the name the JDK
 * gives them: the table the signature, MAC and digest tests iterate.
 */
enum Hash {
    SHA1("SHA-1", "SHA1", 20, CKM.SHA_1, CKG.MGF1_SHA1, CKM.SHA_1_HMAC, CKM.SHA_1_HMAC_GENERAL,
            CKM.SHA1_RSA_PKCS, CKM.SHA1_RSA_PKCS_PSS, CKM.ECDSA_SHA1),
    SHA224("SHA-224", "SHA224", 28, CKM.SHA224, CKG.MGF1_SHA224, CKM.SHA224_HMAC, CKM.SHA224_HMAC_GENERAL,
            CKM.SHA224_RSA_PKCS, CKM.SHA224_RSA_PKCS_PSS, CKM.ECDSA_SHA224),
    SHA256("SHA-256", "SHA256", 32, CKM.SHA256, CKG.MGF1_SHA256, CKM.SHA256_HMAC, CKM.SHA256_HMAC_GENERAL,
            CKM.SHA256_RSA_PKCS, CKM.SHA256_RSA_PKCS_PSS, CKM.ECDSA_SHA256),
    SHA384("SHA-384", "SHA384", 48, CKM.SHA384, CKG.MGF1_SHA384, CKM.SHA384_HMAC, CKM.SHA384_HMAC_GENERAL,
            CKM.SHA384_RSA_PKCS, CKM.SHA384_RSA_PKCS_PSS, CKM.ECDSA_SHA384),
    SHA512("SHA-512", "SHA512", 64, CKM.SHA512, CKG.MGF1_SHA512, CKM.SHA512_HMAC, CKM.SHA512_HMAC_GENERAL,
            CKM.SHA512_RSA_PKCS, CKM.SHA512_RSA_PKCS_PSS, CKM.ECDSA_SHA512),
    SHA3_224("SHA3-224", "SHA3-224", 28, CKM.SHA3_224, CKG.MGF1_SHA3_224, CKM.SHA3_224_HMAC,
            CKM.SHA3_224_HMAC_GENERAL, CKM.SHA3_224_RSA_PKCS, CKM.SHA3_224_RSA_PKCS_PSS, CKM.ECDSA_SHA3_224),
    SHA3_256("SHA3-256", "SHA3-256", 32, CKM.SHA3_256, CKG.MGF1_SHA3_256, CKM.SHA3_256_HMAC,
            CKM.SHA3_256_HMAC_GENERAL, CKM.SHA3_256_RSA_PKCS, CKM.SHA3_256_RSA_PKCS_PSS, CKM.ECDSA_SHA3_256),
    SHA3_384("SHA3-384", "SHA3-384", 48, CKM.SHA3_384, CKG.MGF1_SHA3_384, CKM.SHA3_384_HMAC,
            CKM.SHA3_384_HMAC_GENERAL, CKM.SHA3_384_RSA_PKCS, CKM.SHA3_384_RSA_PKCS_PSS, CKM.ECDSA_SHA3_384),
    SHA3_512("SHA3-512", "SHA3-512", 64, CKM.SHA3_512, CKG.MGF1_SHA3_512, CKM.SHA3_512_HMAC,
            CKM.SHA3_512_HMAC_GENERAL, CKM.SHA3_512_RSA_PKCS, CKM.SHA3_512_RSA_PKCS_PSS, CKM.ECDSA_SHA3_512);

    /** The JDK's MessageDigest name. */
    final String jdk;
    /** The prefix of the JDK's signature names ("SHA256" in SHA256withRSA). */
    final String signaturePrefix;
    final int length;
    final long digest;
    final long mgf;
    final long hmac;
    final long hmacGeneral;
    final long rsaPkcs;
    final long rsaPss;
    final long ecdsa;

    Hash(String jdk, String signaturePrefix, int length, long digest, long mgf, long hmac, long hmacGeneral,
            long rsaPkcs, long rsaPss, long ecdsa) {
        this.jdk = jdk;
        this.signaturePrefix = signaturePrefix;
        this.length = length;
        this.digest = digest;
        this.mgf = mgf;
        this.hmac = hmac;
        this.hmacGeneral = hmacGeneral;
        this.rsaPkcs = rsaPkcs;
        this.rsaPss = rsaPss;
        this.ecdsa = ecdsa;
    }

    /** The JDK's Mac name: HmacSHA256, HmacSHA3-256. */
    String jdkHmac() {
        return "Hmac" + jdk.replace("SHA-", "SHA");
    }

    byte[] of(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance(jdk).digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
