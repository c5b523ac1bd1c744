package org.p11plug.conformance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.p11plug.api.MechanismInfo;
import org.p11plug.api.Token;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKR;

/**
 * C_GetMechanismList lists exactly the mechanisms the other tests of this suite exercise, and
 * C_GetMechanismInfo gives each its key-size range in the unit its specification uses (bits for
 * RSA, EC and generic secret generation; bytes for AES, HMAC and HKDF) and the flags of the
 * functions it really performs. A mechanism added to the engine without a test fails here.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.p11plug.conformance.Fixtures#all")
class MechanismListTest extends CryptoTest {
    private static final long SIGN_VERIFY = CKF.SIGN | CKF.VERIFY;
    private static final long CIPHER = CKF.ENCRYPT | CKF.DECRYPT;
    private static final long WRAPS = CKF.WRAP | CKF.UNWRAP;
    private static final long WEIERSTRASS = CKF.EC_F_P | CKF.EC_NAMEDCURVE | CKF.EC_UNCOMPRESS | CKF.EC_OID | CKF.EC_CURVENAME;
    private static final long NAMED = CKF.EC_NAMEDCURVE | CKF.EC_OID | CKF.EC_CURVENAME;

    /** Every mechanism with its expected info, and the test class that exercises it. */
    private static Map<Long, MechanismInfo> expected() {
        Map<Long, MechanismInfo> m = new LinkedHashMap<>();
        // RSA, in bits (KeyGenerationTest, SignatureInteropTest, CipherInteropTest, WrapTest)
        m.put(CKM.RSA_PKCS_KEY_PAIR_GEN, new MechanismInfo(1024, 8192, CKF.GENERATE_KEY_PAIR));
        m.put(CKM.RSA_PKCS, new MechanismInfo(1024, 8192, CIPHER | SIGN_VERIFY));
        m.put(CKM.RSA_X_509, new MechanismInfo(1024, 8192, CIPHER | SIGN_VERIFY));
        m.put(CKM.RSA_PKCS_OAEP, new MechanismInfo(1024, 8192, CIPHER | WRAPS));
        m.put(CKM.RSA_PKCS_PSS, new MechanismInfo(1024, 8192, SIGN_VERIFY));
        for (Hash h : Hash.values()) {
            m.put(h.rsaPkcs, new MechanismInfo(1024, 8192, SIGN_VERIFY));
            m.put(h.rsaPss, new MechanismInfo(1024, 8192, SIGN_VERIFY));
            m.put(h.ecdsa, new MechanismInfo(256, 521, SIGN_VERIFY | WEIERSTRASS));
            // digests have no key; HMAC key sizes are in bytes (DigestTest, SignatureInteropTest, KnownAnswerTest)
            m.put(h.digest, new MechanismInfo(0, 0, CKF.DIGEST));
            m.put(h.hmac, new MechanismInfo(1, 65536, SIGN_VERIFY));
            m.put(h.hmacGeneral, new MechanismInfo(1, 65536, SIGN_VERIFY));
        }
        // EC, in bits of the field (KeyGenerationTest, SignatureInteropTest, DeriveTest)
        m.put(CKM.EC_KEY_PAIR_GEN, new MechanismInfo(256, 521, CKF.GENERATE_KEY_PAIR | WEIERSTRASS));
        m.put(CKM.ECDSA, new MechanismInfo(256, 521, SIGN_VERIFY | WEIERSTRASS));
        m.put(CKM.ECDH1_DERIVE, new MechanismInfo(255, 521, CKF.DERIVE | WEIERSTRASS));
        m.put(CKM.ECDH1_COFACTOR_DERIVE, new MechanismInfo(256, 521, CKF.DERIVE | WEIERSTRASS));
        m.put(CKM.EC_EDWARDS_KEY_PAIR_GEN, new MechanismInfo(255, 448, CKF.GENERATE_KEY_PAIR | NAMED));
        m.put(CKM.EC_MONTGOMERY_KEY_PAIR_GEN, new MechanismInfo(255, 448, CKF.GENERATE_KEY_PAIR | NAMED));
        m.put(CKM.EDDSA, new MechanismInfo(255, 448, SIGN_VERIFY | NAMED));
        // AES, in bytes (CipherInteropTest, KnownAnswerTest, WrapTest)
        m.put(CKM.AES_KEY_GEN, new MechanismInfo(16, 32, CKF.GENERATE));
        for (long mode : new long[] {CKM.AES_ECB, CKM.AES_CBC, CKM.AES_CBC_PAD, CKM.AES_CTR, CKM.AES_GCM,
                CKM.AES_KEY_WRAP, CKM.AES_KEY_WRAP_KWP, CKM.AES_KEY_WRAP_PAD}) {
            m.put(mode, new MechanismInfo(16, 32, CIPHER | WRAPS));
        }
        m.put(CKM.AES_CMAC, new MechanismInfo(16, 32, SIGN_VERIFY));
        m.put(CKM.AES_CMAC_GENERAL, new MechanismInfo(16, 32, SIGN_VERIFY));
        // generic secrets are generated in bits; HKDF takes base keys in bytes (KeyGenerationTest, DeriveTest)
        m.put(CKM.GENERIC_SECRET_KEY_GEN, new MechanismInfo(8, 8 * 65536, CKF.GENERATE));
        m.put(CKM.HKDF_DERIVE, new MechanismInfo(1, 65536, CKF.DERIVE));
        return m;
    }

    @Test
    void theListIsExactlyWhatIsTested() {
        Token token = app.getSlot(slot).getToken();
        Map<String, MechanismInfo> listed = new TreeMap<>();
        for (long type : token.getMechanisms()) {
            listed.put(CKM.nameOf(type), token.getMechanismInfo(type));
        }
        Map<String, MechanismInfo> want = new TreeMap<>();
        expected().forEach((type, info) -> want.put(CKM.nameOf(type), info));
        assertThat(listed, is(want));
    }

    @Test
    void unlistedMechanismsAreInvalid() {
        Token token = app.getSlot(slot).getToken();
        for (long type : List.of(CKM.MD5, CKM.DES3_CBC, CKM.DSA, CKM.AES_XTS, 0x8000_0001L)) {
            assertCkr(CKR.MECHANISM_INVALID, () -> token.getMechanismInfo(type));
        }
    }
}
