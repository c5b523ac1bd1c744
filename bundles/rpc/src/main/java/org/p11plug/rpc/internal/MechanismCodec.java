package org.p11plug.rpc.internal;

import static org.p11plug.api.ck.CKM.*;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.p11plug.api.CkException;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.param.AesCtrParameter;
import org.p11plug.api.param.ByteArrayParameter;
import org.p11plug.api.param.Ecdh1DeriveParameter;
import org.p11plug.api.param.GcmParameter;
import org.p11plug.api.param.LongParameter;
import org.p11plug.api.param.MechanismParameter;
import org.p11plug.api.param.RsaPkcsOaepParameter;
import org.p11plug.api.param.RsaPkcsPssParameter;
import org.jspecify.annotations.Nullable;

/**
 * The {@code M} encoding, which depends on the client's p11-kit generation rather than on the
 * negotiated protocol version: the version byte a client sends tells which it is.
 *
 * <ul>
 *   <li>0 (p11-kit ≤ 0.24): {@code uint32 type} then a parameter: PSS and OAEP as fields, any
 *       other as a byte array (always NULL). Only mechanisms without parameters, PSS and OAEP
 *       are carried.
 *   <li>1 (0.25.0–0.25.5): the same layout with more parameter serializers (IVs, CTR, GCM,
 *       ECDH1, HMAC_GENERAL, PSS with hash), and {@code 0xffffffff} as a NULL mechanism.
 *   <li>2 (0.25.6 and later): mechanisms without parameters are the type alone; the others
 *       carry a {@code has_param} byte before the parameter.
 * </ul>
 *
 * A client applies the same list on its own side: it answers {@code CKR_MECHANISM_INVALID}
 * itself for anything else, and it drops such mechanisms from {@code C_GetMechanismList}. So
 * the server lists only what a connection's client can carry, and answers any other type with
 * {@code CKR_MECHANISM_INVALID} without reading further.
 */
final class MechanismCodec {
    /** Types p11-kit 0.24 sends without a parameter ({@code mechanism_has_no_parameters}). */
    private static final Set<Long> NO_PARAMETER_V0 = Set.of(
            RSA_PKCS_KEY_PAIR_GEN, RSA_X9_31_KEY_PAIR_GEN, RSA_PKCS, RSA_9796, RSA_X_509, RSA_X9_31, MD2_RSA_PKCS,
            MD5_RSA_PKCS, SHA1_RSA_PKCS, SHA256_RSA_PKCS, SHA384_RSA_PKCS, SHA512_RSA_PKCS, RIPEMD128_RSA_PKCS,
            RIPEMD160_RSA_PKCS, SHA1_RSA_X9_31, DSA_KEY_PAIR_GEN, DSA_PARAMETER_GEN, DSA, DSA_SHA1, FORTEZZA_TIMESTAMP,
            EC_KEY_PAIR_GEN, ECDSA, ECDSA_SHA1, DH_PKCS_KEY_PAIR_GEN, DH_PKCS_PARAMETER_GEN, X9_42_DH_KEY_PAIR_GEN,
            X9_42_DH_PARAMETER_GEN, KEA_KEY_PAIR_GEN, GENERIC_SECRET_KEY_GEN, RC2_KEY_GEN, RC4_KEY_GEN, RC4,
            RC5_KEY_GEN, AES_KEY_GEN, AES_ECB, AES_MAC, DES_KEY_GEN, DES2_KEY_GEN, DES3_KEY_GEN, CDMF_KEY_GEN,
            CAST_KEY_GEN, CAST3_KEY_GEN, CAST128_KEY_GEN, IDEA_KEY_GEN, SSL3_PRE_MASTER_KEY_GEN,
            TLS_PRE_MASTER_KEY_GEN, SKIPJACK_KEY_GEN, BATON_KEY_GEN, JUNIPER_KEY_GEN, RC2_ECB, DES_ECB, DES3_ECB,
            CDMF_ECB, CAST_ECB, CAST3_ECB, CAST128_ECB, RC5_ECB, IDEA_ECB, RC2_MAC, DES_MAC, DES3_MAC, CDMF_MAC,
            CAST_MAC, CAST3_MAC, RC5_MAC, IDEA_MAC, SSL3_MD5_MAC, SSL3_SHA1_MAC, SKIPJACK_WRAP, BATON_WRAP,
            JUNIPER_WRAP, MD2, MD2_HMAC, MD5, MD5_HMAC, SHA_1, SHA_1_HMAC, SHA256, SHA256_HMAC, SHA384, SHA384_HMAC,
            SHA512, SHA512_HMAC, FASTHASH, RIPEMD128, RIPEMD128_HMAC, RIPEMD160, RIPEMD160_HMAC, KEY_WRAP_LYNKS);

    /** Types p11-kit 0.25 and later send without a parameter (the standard ones; vendor types left out). */
    private static final Set<Long> NO_PARAMETER_V1 = union(NO_PARAMETER_V0, Set.of(
            SHA224_RSA_PKCS, ECDSA_SHA224, ECDSA_SHA256, ECDSA_SHA384, ECDSA_SHA512, AES_CMAC, DES3_CMAC,
            SHA1_KEY_DERIVATION, SHA224, SHA224_HMAC, SHA224_KEY_DERIVATION, SHA256_KEY_DERIVATION,
            SHA384_KEY_DERIVATION, SHA512_KEY_DERIVATION, SHA512_T, SHA512_T_HMAC, SHA512_T_KEY_DERIVATION,
            SHA512_224, SHA512_224_HMAC, SHA512_224_KEY_DERIVATION, SHA512_256, SHA512_256_HMAC,
            SHA512_256_KEY_DERIVATION));

    private enum Layout { PSS, OAEP, ECDH1, IV, CTR, GCM, MAC_GENERAL, BYTES }

    /** Types with a parameter serializer in p11-kit 0.25 and later, and how each is laid out. */
    private static final Map<Long, Layout> SERIALIZED_V1 = Map.ofEntries(
            Map.entry(RSA_PKCS_PSS, Layout.PSS), Map.entry(SHA1_RSA_PKCS_PSS, Layout.PSS),
            Map.entry(SHA224_RSA_PKCS_PSS, Layout.PSS), Map.entry(SHA256_RSA_PKCS_PSS, Layout.PSS),
            Map.entry(SHA384_RSA_PKCS_PSS, Layout.PSS), Map.entry(SHA512_RSA_PKCS_PSS, Layout.PSS),
            Map.entry(RSA_PKCS_OAEP, Layout.OAEP), Map.entry(ECDH1_DERIVE, Layout.ECDH1),
            Map.entry(AES_CBC, Layout.IV), Map.entry(AES_CBC_PAD, Layout.IV),
            Map.entry(AES_OFB, Layout.IV), Map.entry(AES_CFB1, Layout.IV),
            Map.entry(AES_CFB8, Layout.IV), Map.entry(AES_CFB64, Layout.IV),
            Map.entry(AES_CFB128, Layout.IV), Map.entry(AES_CTS, Layout.IV),
            Map.entry(AES_CTR, Layout.CTR), Map.entry(AES_GCM, Layout.GCM),
            Map.entry(DES_CBC, Layout.IV), Map.entry(DES_CBC_PAD, Layout.IV),
            Map.entry(DES3_CBC, Layout.IV), Map.entry(DES3_CBC_PAD, Layout.IV),
            Map.entry(DES_CFB8, Layout.IV), Map.entry(DES_CFB64, Layout.IV),
            Map.entry(DES_OFB64, Layout.IV),
            Map.entry(SHA_1_HMAC_GENERAL, Layout.MAC_GENERAL),
            Map.entry(SHA224_HMAC_GENERAL, Layout.MAC_GENERAL),
            Map.entry(SHA256_HMAC_GENERAL, Layout.MAC_GENERAL),
            Map.entry(SHA384_HMAC_GENERAL, Layout.MAC_GENERAL),
            Map.entry(SHA512_HMAC_GENERAL, Layout.MAC_GENERAL),
            Map.entry(SHA512_224_HMAC_GENERAL, Layout.MAC_GENERAL),
            Map.entry(SHA512_256_HMAC_GENERAL, Layout.MAC_GENERAL),
            Map.entry(AES_MAC_GENERAL, Layout.MAC_GENERAL),
            Map.entry(AES_CMAC_GENERAL, Layout.MAC_GENERAL),
            Map.entry(DES3_MAC_GENERAL, Layout.MAC_GENERAL),
            Map.entry(DES3_CMAC_GENERAL, Layout.MAC_GENERAL),
            Map.entry(DH_PKCS_DERIVE, Layout.BYTES));

    /** The NULL mechanism of clients from 0.25.3 on (cancels an operation in PKCS#11 3.0). */
    private static final long NULL_MECHANISM = 0xffffffffL;

    private final int clientVersion;

    MechanismCodec(int clientVersion) {
        this.clientVersion = clientVersion;
    }

    /** @return whether this connection's client can carry {@code type} at all */
    boolean carries(long type) {
        if (clientVersion == 0) {
            return NO_PARAMETER_V0.contains(type) || type == RSA_PKCS_PSS || type == RSA_PKCS_OAEP;
        }
        return NO_PARAMETER_V1.contains(type) || SERIALIZED_V1.containsKey(type);
    }

    /**
     * Reads an {@code M}; a mechanism the client could not have sent answers
     * {@code CKR_MECHANISM_INVALID}, as the client itself would have.
     *
     * @return the mechanism, or null for the NULL mechanism
     */
    @Nullable Mechanism read(MessageReader in) {
        in.expect("M");
        long type = in.readUint32();
        if (type == NULL_MECHANISM && clientVersion >= 1) {
            return null;
        }
        if (!carries(type)) {
            throw new CkException(CKR.MECHANISM_INVALID, "not carried by this client's protocol");
        }
        if (clientVersion >= 2) {
            if (NO_PARAMETER_V1.contains(type) || in.readByte() == 0) {
                return Mechanism.of(type);
            }
            return withParameter(type, readParameter(type, in));
        }
        if (clientVersion == 0) {
            if (type == RSA_PKCS_PSS) {
                return withParameter(type, readParameter(Layout.PSS, in));
            }
            if (type == RSA_PKCS_OAEP) {
                return withParameter(type, readParameter(Layout.OAEP, in));
            }
            return withParameter(type, readParameter(Layout.BYTES, in));
        }
        return withParameter(type, readParameter(type, in));
    }

    private static Mechanism withParameter(long type, @Nullable MechanismParameter parameter) {
        return parameter == null ? Mechanism.of(type) : Mechanism.of(type, parameter);
    }

    private static @Nullable MechanismParameter readParameter(long type, MessageReader in) {
        return readParameter(SERIALIZED_V1.getOrDefault(type, Layout.BYTES), in);
    }

    private static @Nullable MechanismParameter readParameter(Layout layout, MessageReader in) {
        switch (layout) {
            case PSS:
                return new RsaPkcsPssParameter(in.readUint64(), in.readUint64(), in.readUint64());
            case OAEP:
                return new RsaPkcsOaepParameter(in.readUint64(), in.readUint64(), in.readUint64(), in.readRawArray());
            case ECDH1: {
                long kdf = in.readUint64();
                byte[] shared = in.readRawArray();
                byte[] publicData = in.readRawArray();
                if (publicData == null) {
                    throw new CkException(CKR.MECHANISM_PARAM_INVALID, "no public data");
                }
                return new Ecdh1DeriveParameter(kdf, shared, publicData);
            }
            case CTR: {
                long counterBits = in.readUint64();
                byte[] block = in.readRawArray();
                if (block == null || block.length != 16) {
                    throw new MalformedMessage("AES_CTR counter block");
                }
                return new AesCtrParameter(counterBits, block);
            }
            case GCM: {
                byte[] iv = in.readRawArray();
                long ivBits = in.readUint64();
                byte[] aad = in.readRawArray();
                long tagBits = in.readUint64();
                return new GcmParameter(iv == null ? new byte[0] : iv, ivBits, aad, tagBits);
            }
            case MAC_GENERAL:
                return new LongParameter(in.readUint64());
            case IV:
            case BYTES:
            default: {
                byte[] bytes = in.readRawArray();
                return bytes == null ? null : new ByteArrayParameter(bytes);
            }
        }
    }

    private static Set<Long> union(Set<Long> a, Set<Long> b) {
        HashSet<Long> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
