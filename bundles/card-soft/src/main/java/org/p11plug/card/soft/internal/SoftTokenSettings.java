package org.p11plug.card.soft.internal;

import java.nio.file.Path;

/**
 * How the software token backend is set up: where its tokens live, how many slots it offers and
 * the ids they take, PIN rules, and the Argon2id cost of PIN derivation (lower it in tests).
 */
public record SoftTokenSettings(
        Path directory,
        int slots,
        long firstSlotId,
        int minPinLength,
        int maxPinLength,
        int userPinRetries,
        int soPinRetries,
        int kdfMemoryKiB,
        int kdfIterations) {

    public SoftTokenSettings {
        if (slots < 1 || minPinLength < 1 || maxPinLength < minPinLength || userPinRetries < 1 || soPinRetries < 1) {
            throw new IllegalArgumentException("invalid soft token settings");
        }
    }

    /** Defaults: one slot with id 0, PINs of 4 to 64 bytes, 10 tries each, OWASP's Argon2id minimum. */
    public static SoftTokenSettings defaults(Path directory) {
        return new SoftTokenSettings(directory, 1, 0, 4, 64, 10, 10, PinKdf.DEFAULT.memoryKiB(),
                PinKdf.DEFAULT.iterations());
    }

    /** The same settings with a cheap PIN derivation, for tests: 64 KiB, one pass. */
    public SoftTokenSettings withCheapKdf() {
        return new SoftTokenSettings(directory, slots, firstSlotId, minPinLength, maxPinLength, userPinRetries,
                soPinRetries, 64, 1);
    }

    public SoftTokenSettings withSlots(int count) {
        return new SoftTokenSettings(directory, count, firstSlotId, minPinLength, maxPinLength, userPinRetries,
                soPinRetries, kdfMemoryKiB, kdfIterations);
    }

    PinKdf kdf() {
        return new PinKdf(kdfMemoryKiB, kdfIterations, 1);
    }
}
