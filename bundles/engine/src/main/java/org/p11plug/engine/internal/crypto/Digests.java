package org.p11plug.engine.internal.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.param.MechanismParameter;
import org.p11plug.spi.crypto.SoftwareCrypto;

/**
 * Message digests: SHA-1, SHA-2 and SHA-3 through the JDK, whose SHA implementations use the
 * CPU's SHA extensions where the JVM has intrinsics for them. C_DigestKey feeds a secret key's
 * value through {@link DataOperation#update}.
 */
final class Digests {
    private Digests() {
    }

    static void register(Mechanisms m) {
        for (Hashes.Hash h : List.of(Hashes.SHA1, Hashes.SHA224, Hashes.SHA256, Hashes.SHA384, Hashes.SHA512,
                Hashes.SHA3_224, Hashes.SHA3_256, Hashes.SHA3_384, Hashes.SHA3_512)) {
            m.add(MechanismDef.builder(h.mechanism()).digest(p -> digesting(p, h)));
        }
    }

    static MessageDigest jdk(Hashes.Hash h) {
        try {
            return SoftwareCrypto.digest(h.jdkName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + h.jdkName(), e);
        }
    }

    private static DataOperation digesting(@Nullable MechanismParameter p, Hashes.Hash h) {
        RsaMechanisms.noParameter(p);
        MessageDigest md = jdk(h);
        return new DataOperation() {
            @Override
            public OutputLength singleLength(int inputLength) {
                return OutputLength.exactly(h.length());
            }

            @Override
            public byte[] single(byte[] input) {
                return md.digest(input);
            }

            @Override
            public OutputLength updateLength(int inputLength) {
                return OutputLength.exactly(0);
            }

            @Override
            public byte[] update(byte[] input) {
                md.update(input);
                return new byte[0];
            }

            @Override
            public OutputLength finalLength() {
                return OutputLength.exactly(h.length());
            }

            @Override
            public byte[] finish() {
                return md.digest();
            }

            @Override
            public void close() {
                md.reset();
            }
        };
    }
}
