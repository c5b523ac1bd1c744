package org.p11plug.spi.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * JCA primitives for the token's own software crypto (digests, AES, HMAC, random numbers, key
 * encodings), from the providers in {@link Security} that do not front a PKCS#11 token.
 *
 * <p>Why: a program may register p11plug's JCA provider first in java.security.Security. A plain
 * {@code MessageDigest.getInstance("SHA-256")} or {@code new SecureRandom()} inside the engine
 * would then be served by that provider, which calls the engine, which asks the provider again:
 * an endless recursion that ends when the provider's session pool is exhausted, with every
 * thread waiting. The same holds for SunPKCS11 configured over p11plug (through p11-kit). The
 * provider chosen for an algorithm is remembered, so the search runs once per algorithm and a
 * caller on a hot path (a cipher per operation) need not cache the provider itself.
 */
public final class SoftwareCrypto {
    /** The name of p11plug's own JCA provider. */
    public static final String P11PLUG_PROVIDER = "P11plug";

    /** The provider chosen for each algorithm, one map per service type (the lookup builds no key). */
    private static final Map<String, Provider> DIGESTS = new ConcurrentHashMap<>();
    private static final Map<String, Provider> CIPHERS = new ConcurrentHashMap<>();
    private static final Map<String, Provider> MACS = new ConcurrentHashMap<>();
    private static final Map<String, Provider> SIGNATURES = new ConcurrentHashMap<>();
    private static final Map<String, Provider> KEY_FACTORIES = new ConcurrentHashMap<>();
    private static final Map<String, Provider> KEY_PAIR_GENERATORS = new ConcurrentHashMap<>();

    private SoftwareCrypto() {
    }

    /** Whether a provider fronts a PKCS#11 token: p11plug's own, or SunPKCS11 (which may be p11plug behind p11-kit). */
    public static boolean frontsAToken(Provider p) {
        return p.getName().equals(P11PLUG_PROVIDER) || p.getName().startsWith("SunPKCS11");
    }

    private interface Factory<T> {
        T create(String algorithm, Provider provider) throws GeneralSecurityException;
    }

    private static <T> T first(Map<String, Provider> chosen, String type, String algorithm, Factory<T> factory)
            throws NoSuchAlgorithmException {
        Provider known = chosen.get(algorithm);
        if (known != null) {
            try {
                return factory.create(algorithm, known);
            } catch (GeneralSecurityException removedMeanwhile) {
                chosen.remove(algorithm);
            }
        }
        NoSuchAlgorithmException none = new NoSuchAlgorithmException("no software provider offers " + type + "."
                + algorithm);
        for (Provider p : Security.getProviders()) {
            if (frontsAToken(p)) {
                continue;
            }
            try {
                T instance = factory.create(algorithm, p);
                chosen.put(algorithm, p);
                return instance;
            } catch (GeneralSecurityException | RuntimeException notHere) {
                if (p.getService(type, algorithm) != null) {
                    none.addSuppressed(notHere); // offered, yet failed: worth telling
                }
            }
        }
        throw none;
    }

    public static MessageDigest digest(String algorithm) throws NoSuchAlgorithmException {
        return first(DIGESTS, "MessageDigest", algorithm, MessageDigest::getInstance);
    }

    /** A cipher for a full transformation ("AES/GCM/NoPadding"). */
    public static Cipher cipher(String transformation) throws NoSuchAlgorithmException {
        return first(CIPHERS, "Cipher", transformation, Cipher::getInstance);
    }

    public static Mac mac(String algorithm) throws NoSuchAlgorithmException {
        return first(MACS, "Mac", algorithm, Mac::getInstance);
    }

    public static Signature signature(String algorithm) throws NoSuchAlgorithmException {
        return first(SIGNATURES, "Signature", algorithm, Signature::getInstance);
    }

    public static KeyFactory keyFactory(String algorithm) throws NoSuchAlgorithmException {
        return first(KEY_FACTORIES, "KeyFactory", algorithm, KeyFactory::getInstance);
    }

    public static java.security.KeyPairGenerator keyPairGenerator(String algorithm) throws NoSuchAlgorithmException {
        return first(KEY_PAIR_GENERATORS, "KeyPairGenerator", algorithm, java.security.KeyPairGenerator::getInstance);
    }

    /** What the JDK's default SecureRandom picks where the platform has it (NativePRNG on Linux, DRBG, Windows). */
    private static final List<String> PREFERRED_RANDOM = List.of("NativePRNG", "DRBG", "Windows-PRNG");

    /**
     * A new random number generator like {@code new SecureRandom()} (the platform's native or DRBG
     * generator of the first provider that has one), among the providers that front no token.
     */
    public static SecureRandom random() {
        for (Provider p : Security.getProviders()) {
            if (frontsAToken(p)) {
                continue;
            }
            Provider.Service chosen = null;
            for (String name : PREFERRED_RANDOM) {
                if (chosen == null) {
                    chosen = p.getService("SecureRandom", name);
                }
            }
            if (chosen == null) {
                chosen = p.getServices().stream().filter(s -> s.getType().equals("SecureRandom")).findFirst().orElse(null);
            }
            if (chosen != null) {
                try {
                    return SecureRandom.getInstance(chosen.getAlgorithm(), p);
                } catch (NoSuchAlgorithmException e) {
                    // the next provider
                }
            }
        }
        return new SecureRandom();
    }
}
