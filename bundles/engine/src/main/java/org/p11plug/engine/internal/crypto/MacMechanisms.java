package org.p11plug.engine.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.param.LongParameter;
import org.p11plug.api.param.MechanismParameter;
import org.p11plug.engine.internal.Ck;
import org.p11plug.engine.internal.object.ObjectRecord;
import org.p11plug.spi.crypto.SoftwareCrypto;

/**
 * MACs: HMAC with SHA-1, SHA-2 and SHA-3 (full length and _GENERAL with a chosen length) on
 * generic secret keys, through the JDK's Mac (SHA intrinsics); AES-CMAC (RFC 4493, and
 * _GENERAL) through Bouncy Castle; and generic secret key generation. HMAC key sizes are in
 * bytes, generic secret generation in bits, as their specifications say.
 */
final class MacMechanisms {
    /** Generic secrets up to 64 KiB; HMAC takes any of them. */
    static final long MAX_SECRET_BYTES = 65536;
    private static final SecureRandom RANDOM = SoftwareCrypto.random();

    private MacMechanisms() {
    }

    static void register(Mechanisms m) {
        m.add(MechanismDef.builder(CKM.GENERIC_SECRET_KEY_GEN).bits(8, 8 * MAX_SECRET_BYTES)
                .secretKeys(CKK.GENERIC_SECRET).generate(CKK.GENERIC_SECRET, MacMechanisms::randomKey));
        for (Hashes.Hash h : List.of(Hashes.SHA1, Hashes.SHA224, Hashes.SHA256, Hashes.SHA384, Hashes.SHA512,
                Hashes.SHA3_224, Hashes.SHA3_256, Hashes.SHA3_384, Hashes.SHA3_512)) {
            m.add(hmac(hmacMechanism(h, false))
                    .sign((p, k) -> SignatureOperations.signing(new Hmac(h, k, fullLength(p, h.length()))))
                    .verify((p, k) -> SignatureOperations.verifying(new Hmac(h, k, fullLength(p, h.length())))));
            m.add(hmac(hmacMechanism(h, true))
                    .sign((p, k) -> SignatureOperations.signing(new Hmac(h, k, general(p, h.length()))))
                    .verify((p, k) -> SignatureOperations.verifying(new Hmac(h, k, general(p, h.length())))));
        }
        m.add(cmac(CKM.AES_CMAC)
                .sign((p, k) -> SignatureOperations.signing(new Cmac(k, fullLength(p, 16))))
                .verify((p, k) -> SignatureOperations.verifying(new Cmac(k, fullLength(p, 16)))));
        m.add(cmac(CKM.AES_CMAC_GENERAL)
                .sign((p, k) -> SignatureOperations.signing(new Cmac(k, general(p, 16))))
                .verify((p, k) -> SignatureOperations.verifying(new Cmac(k, general(p, 16)))));
    }

    private static MechanismDef.Builder hmac(long type) {
        return MechanismDef.builder(type).bytes(1, MAX_SECRET_BYTES).secretKeys(CKK.GENERIC_SECRET);
    }

    private static MechanismDef.Builder cmac(long type) {
        return MechanismDef.builder(type).bytes(16, 32).secretKeys(CKK.AES);
    }

    static long hmacMechanism(Hashes.Hash h, boolean general) {
        if (h == Hashes.SHA1) {
            return general ? CKM.SHA_1_HMAC_GENERAL : CKM.SHA_1_HMAC;
        }
        if (h == Hashes.SHA224) {
            return general ? CKM.SHA224_HMAC_GENERAL : CKM.SHA224_HMAC;
        }
        if (h == Hashes.SHA256) {
            return general ? CKM.SHA256_HMAC_GENERAL : CKM.SHA256_HMAC;
        }
        if (h == Hashes.SHA384) {
            return general ? CKM.SHA384_HMAC_GENERAL : CKM.SHA384_HMAC;
        }
        if (h == Hashes.SHA512) {
            return general ? CKM.SHA512_HMAC_GENERAL : CKM.SHA512_HMAC;
        }
        if (h == Hashes.SHA3_224) {
            return general ? CKM.SHA3_224_HMAC_GENERAL : CKM.SHA3_224_HMAC;
        }
        if (h == Hashes.SHA3_256) {
            return general ? CKM.SHA3_256_HMAC_GENERAL : CKM.SHA3_256_HMAC;
        }
        if (h == Hashes.SHA3_384) {
            return general ? CKM.SHA3_384_HMAC_GENERAL : CKM.SHA3_384_HMAC;
        }
        return general ? CKM.SHA3_512_HMAC_GENERAL : CKM.SHA3_512_HMAC;
    }

    private static int fullLength(@Nullable MechanismParameter p, int length) {
        RsaMechanisms.noParameter(p);
        return length;
    }

    /** CK_MAC_GENERAL_PARAMS: 1 to the MAC's full length. */
    private static int general(@Nullable MechanismParameter p, int max) {
        if (!(p instanceof LongParameter l) || l.value() < 1 || l.value() > max) {
            throw Ck.fail(CKR.MECHANISM_PARAM_INVALID, "CK_MAC_GENERAL_PARAMS of 1 to " + max + " expected");
        }
        return (int) l.value();
    }

    static byte[] randomKey(@Nullable MechanismParameter p, int length) {
        RsaMechanisms.noParameter(p);
        byte[] key = new byte[length];
        RANDOM.nextBytes(key);
        return key;
    }

    /** A MAC truncated to a length, verified in constant time. */
    private abstract static class Truncated implements MessageSigner {
        private final int length;

        Truncated(int length) {
            this.length = length;
        }

        abstract byte[] full();

        @Override
        public byte[] sign() {
            byte[] full = full();
            return full.length == length ? full : Arrays.copyOf(full, length);
        }

        @Override
        public void verify(byte[] signature) {
            if (signature.length != length) {
                throw Ck.fail(CKR.SIGNATURE_LEN_RANGE);
            }
            if (!MessageDigest.isEqual(sign(), signature)) {
                throw Ck.fail(CKR.SIGNATURE_INVALID);
            }
        }

        @Override
        public int signatureLength() {
            return length;
        }
    }

    /**
     * HMAC through the JDK; the key reaches the JDK's Mac through a key object that erases
     * itself. A keyed Mac is reset, not re-keyed, by {@code doFinal}, so the key keeps its idle
     * one between operations (where the store allows it, see {@link ObjectRecord#givePrepared}).
     */
    private static final class Hmac extends Truncated {
        private final ObjectRecord key;
        private final PreparedMac kind;
        private final Mac mac;
        private boolean returned;

        Hmac(Hashes.Hash hash, ObjectRecord key, int length) {
            super(length);
            this.key = key;
            this.kind = new PreparedMac(hash.mechanism());
            Mac idle = (Mac) key.takePrepared(kind);
            mac = idle != null ? idle : keyed(hash, key);
        }

        private static Mac keyed(Hashes.Hash hash, ObjectRecord key) {
            String algorithm = "Hmac" + hash.jdkName().replace("SHA-", "SHA"); // HmacSHA256, HmacSHA3-256
            Mac mac;
            try {
                mac = SoftwareCrypto.mac(algorithm); // remembers the provider it chose
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            key.withValue(CKA.VALUE, v -> {
                try (LentKey k = new LentKey(v, algorithm)) {
                    mac.init(k);
                } catch (GeneralSecurityException e) {
                    throw Ck.fail(CKR.KEY_SIZE_RANGE, e.getMessage());
                }
                return null;
            });
            return mac;
        }

        @Override
        public void update(byte[] part) {
            mac.update(part);
        }

        @Override
        byte[] full() {
            return mac.doFinal();
        }

        @Override
        public void destroy() {
            if (!returned) { // once: a Mac handed back twice could serve two operations at once
                returned = true;
                mac.reset();
                key.givePrepared(kind, mac);
            }
        }
    }

    /** What a key's idle Mac is filed under: one per hash. */
    private record PreparedMac(long hash) {}

    /** AES-CMAC (RFC 4493) through Bouncy Castle. */
    private static final class Cmac extends Truncated {
        private final CMac mac = new CMac(AESEngine.newInstance());

        Cmac(ObjectRecord key, int length) {
            super(length);
            key.withValue(CKA.VALUE, v -> {
                KeyParameter k = new KeyParameter(v);
                mac.init(k);
                Arrays.fill(k.getKey(), (byte) 0);
                return null;
            });
        }

        @Override
        public void update(byte[] part) {
            mac.update(part, 0, part.length);
        }

        @Override
        byte[] full() {
            byte[] out = new byte[16];
            mac.doFinal(out, 0);
            return out;
        }

        @Override
        public void destroy() {
            mac.reset();
        }
    }

    /**
     * A secret key handed to a JDK primitive: {@link #getEncoded()} gives a copy (which the JDK
     * keeps for the operation), and closing overwrites this object's own bytes.
     */
    static final class LentKey implements SecretKey, AutoCloseable {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;
        private final String algorithm;

        LentKey(byte[] bytes, String algorithm) {
            this.bytes = bytes.clone();
            this.algorithm = algorithm;
        }

        @Override
        public String getAlgorithm() {
            return algorithm;
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return bytes.clone();
        }

        @Override
        public void destroy() {
            Arrays.fill(bytes, (byte) 0);
        }

        @Override
        public boolean isDestroyed() {
            for (byte b : bytes) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() {
            destroy();
        }
    }
}
