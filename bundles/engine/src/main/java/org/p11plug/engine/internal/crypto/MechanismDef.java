package org.p11plug.engine.internal.crypto;

import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.MechanismInfo;
import org.p11plug.api.ck.CKF;

/**
 * One mechanism: its CK_MECHANISM_INFO (key sizes in the unit its specification uses) and the
 * factories for each function it serves. The flags of the info are derived from the factories
 * present, so that nothing is listed that does not work.
 */
public final class MechanismDef {
    private final long type;
    private final long minKeySize;
    private final long maxKeySize;
    private final boolean sizeInBytes;
    private final long extraFlags;
    private final Set<Long> keyTypes;
    private final long[] keyTypeArray;
    private final boolean symmetric;
    private final boolean singlePartOnly;
    private final Factories.@Nullable DataFactory encrypt;
    private final Factories.@Nullable DataFactory decrypt;
    private final Factories.@Nullable DataFactory sign;
    private final Factories.@Nullable VerifyFactory verify;
    private final Factories.@Nullable DigestFactory digest;
    private final Factories.@Nullable SecretGenerator generate;
    private final Factories.@Nullable PairGenerator generatePair;
    private final Factories.@Nullable Wrapper wrap;
    private final Factories.@Nullable Unwrapper unwrap;
    private final Factories.@Nullable Deriver derive;
    private final long generatedKeyType;

    private MechanismDef(Builder b) {
        type = b.type;
        minKeySize = b.minKeySize;
        maxKeySize = b.maxKeySize;
        sizeInBytes = b.sizeInBytes;
        extraFlags = b.extraFlags;
        keyTypes = Set.copyOf(b.keyTypes);
        keyTypeArray = keyTypes.stream().mapToLong(Long::longValue).toArray();
        symmetric = b.symmetric;
        singlePartOnly = b.singlePartOnly;
        encrypt = b.encrypt;
        decrypt = b.decrypt;
        sign = b.sign;
        verify = b.verify;
        digest = b.digest;
        generate = b.generate;
        generatePair = b.generatePair;
        wrap = b.wrap;
        unwrap = b.unwrap;
        derive = b.derive;
        generatedKeyType = b.generatedKeyType;
    }

    public long type() {
        return type;
    }

    public MechanismInfo info() {
        long flags = extraFlags;
        flags |= encrypt != null ? CKF.ENCRYPT : 0;
        flags |= decrypt != null ? CKF.DECRYPT : 0;
        flags |= sign != null ? CKF.SIGN : 0;
        flags |= verify != null ? CKF.VERIFY : 0;
        flags |= digest != null ? CKF.DIGEST : 0;
        flags |= generate != null ? CKF.GENERATE : 0;
        flags |= generatePair != null ? CKF.GENERATE_KEY_PAIR : 0;
        flags |= wrap != null ? CKF.WRAP : 0;
        flags |= unwrap != null ? CKF.UNWRAP : 0;
        flags |= derive != null ? CKF.DERIVE : 0;
        return new MechanismInfo(minKeySize, maxKeySize, flags);
    }

    /** Whether the mechanism serves the function that uses a key this way. */
    public boolean supports(KeyUse use) {
        return switch (use) {
            case ENCRYPT -> encrypt != null;
            case DECRYPT -> decrypt != null;
            case SIGN -> sign != null;
            case VERIFY -> verify != null;
            case WRAP -> wrap != null;
            case UNWRAP -> unwrap != null;
            case DERIVE -> derive != null;
        };
    }

    /** The factory of an encryption, decryption or signature; null when the mechanism lacks it. */
    public Factories.@Nullable DataFactory dataFactory(KeyUse use) {
        return switch (use) {
            case ENCRYPT -> encrypt;
            case DECRYPT -> decrypt;
            case SIGN -> sign;
            default -> null;
        };
    }

    public Factories.@Nullable VerifyFactory verifyFactory() {
        return verify;
    }

    public Factories.@Nullable DigestFactory digestFactory() {
        return digest;
    }

    public Factories.@Nullable SecretGenerator secretGenerator() {
        return generate;
    }

    public Factories.@Nullable PairGenerator pairGenerator() {
        return generatePair;
    }

    public Factories.@Nullable Wrapper wrapper() {
        return wrap;
    }

    public Factories.@Nullable Unwrapper unwrapper() {
        return unwrap;
    }

    public Factories.@Nullable Deriver deriver() {
        return derive;
    }

    /** The key types the mechanism's operations accept. */
    public Set<Long> keyTypes() {
        return keyTypes;
    }

    /** Whether a key of this type fits (checked on every init: no boxing). */
    public boolean acceptsKeyType(long keyType) {
        for (long t : keyTypeArray) {
            if (t == keyType) {
                return true;
            }
        }
        return false;
    }

    /** Secret keys (true) or key pairs (false): decides which key class each function needs. */
    public boolean symmetric() {
        return symmetric;
    }

    /** Whether C_*Update / C_*Final are refused (raw RSA, ECDSA without hashing, key wrap). */
    public boolean singlePartOnly() {
        return singlePartOnly;
    }

    public boolean sizeInBytes() {
        return sizeInBytes;
    }

    public boolean acceptsKeySize(long size) {
        return size >= minKeySize && size <= maxKeySize;
    }

    /** For key generation: the key type the mechanism makes. */
    public long generatedKeyType() {
        return generatedKeyType;
    }

    static Builder builder(long type) {
        return new Builder(type);
    }

    /** Assembles a definition; families call it once per mechanism. */
    static final class Builder {
        private final long type;
        private long minKeySize;
        private long maxKeySize;
        private boolean sizeInBytes;
        private long extraFlags;
        private Set<Long> keyTypes = Set.of();
        private boolean symmetric;
        private boolean singlePartOnly;
        private Factories.@Nullable DataFactory encrypt;
        private Factories.@Nullable DataFactory decrypt;
        private Factories.@Nullable DataFactory sign;
        private Factories.@Nullable VerifyFactory verify;
        private Factories.@Nullable DigestFactory digest;
        private Factories.@Nullable SecretGenerator generate;
        private Factories.@Nullable PairGenerator generatePair;
        private Factories.@Nullable Wrapper wrap;
        private Factories.@Nullable Unwrapper unwrap;
        private Factories.@Nullable Deriver derive;
        private long generatedKeyType = -1;

        private Builder(long type) {
            this.type = type;
        }

        Builder bits(long min, long max) {
            minKeySize = min;
            maxKeySize = max;
            sizeInBytes = false;
            return this;
        }

        Builder bytes(long min, long max) {
            minKeySize = min;
            maxKeySize = max;
            sizeInBytes = true;
            return this;
        }

        Builder flags(long flags) {
            extraFlags |= flags;
            return this;
        }

        Builder secretKeys(Long... types) {
            keyTypes = Set.of(types);
            symmetric = true;
            return this;
        }

        Builder keyPairs(Long... types) {
            keyTypes = Set.of(types);
            symmetric = false;
            return this;
        }

        Builder singlePartOnly() {
            singlePartOnly = true;
            return this;
        }

        Builder encrypt(Factories.DataFactory f) {
            encrypt = f;
            return this;
        }

        Builder decrypt(Factories.DataFactory f) {
            decrypt = f;
            return this;
        }

        Builder sign(Factories.DataFactory f) {
            sign = f;
            return this;
        }

        Builder verify(Factories.VerifyFactory f) {
            verify = f;
            return this;
        }

        Builder digest(Factories.DigestFactory f) {
            digest = f;
            return this;
        }

        Builder generate(long keyType, Factories.SecretGenerator f) {
            generatedKeyType = keyType;
            generate = f;
            return this;
        }

        Builder generatePair(long keyType, Factories.PairGenerator f) {
            generatedKeyType = keyType;
            generatePair = f;
            return this;
        }

        Builder wrap(Factories.Wrapper w, Factories.Unwrapper u) {
            wrap = w;
            unwrap = u;
            return this;
        }

        Builder derive(Factories.Deriver f) {
            derive = f;
            return this;
        }

        MechanismDef build() {
            return new MechanismDef(this);
        }
    }
}
