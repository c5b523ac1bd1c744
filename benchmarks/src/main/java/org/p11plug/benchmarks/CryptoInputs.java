package org.p11plug.benchmarks;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * What every side of the crypto benchmarks (engine, SoftHSM, raw primitives) signs, MACs and
 * encrypts, so that their figures measure the same work and line up in the report.
 */
final class CryptoInputs {
    static final int MESSAGE_BYTES = 1024;
    static final int GCM_TAG_BITS = 128;
    static final int GCM_IV_BYTES = 12;

    private CryptoInputs() {
    }

    /** 1 KiB of fixed pseudo-random bytes, the same in every fork and on every side. */
    static byte[] message() {
        byte[] message = new byte[MESSAGE_BYTES];
        new SplittableRandom(0x5011D).nextBytes(message);
        return message;
    }

    /**
     * The IV of the {@code counter}-th encryption under one key: a GCM IV must never repeat under a
     * key (the JDK's Cipher refuses a repeated one), and a counter is how a token would do it.
     */
    static byte[] gcmIv(long counter) {
        return ByteBuffer.allocate(GCM_IV_BYTES).putLong(GCM_IV_BYTES - Long.BYTES, counter).array();
    }
}
