package org.p11plug.card.soft.internal;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Turns a PIN into a 256-bit key-encryption key with Argon2id (RFC 9106), salted per PIN. The
 * cost is a setting: the defaults follow OWASP's minimum for Argon2id (19 MiB, 2 passes), and
 * tests lower it so that hundreds of logins stay cheap. The cost used is stored with the token,
 * so changing the setting affects PINs set afterwards only.
 */
record PinKdf(int memoryKiB, int iterations, int parallelism) {
    static final PinKdf DEFAULT = new PinKdf(19 * 1024, 2, 1);

    PinKdf {
        if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1) {
            throw new IllegalArgumentException("Argon2id cost too small: " + memoryKiB + " KiB, " + iterations + " passes");
        }
    }

    /** @return a fresh 32-byte key; the caller erases it */
    byte[] derive(byte[] pin, byte[] salt) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] key = new byte[32];
        generator.generateBytes(pin, key);
        return key;
    }
}
