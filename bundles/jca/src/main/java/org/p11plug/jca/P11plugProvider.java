package org.p11plug.jca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.InvalidParameterException;
import java.security.Provider;
import java.security.ProviderException;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CryptokiService;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKM;
import org.p11plug.jca.internal.Keys;
import org.p11plug.jca.internal.P11AesCipher;
import org.p11plug.jca.internal.P11KeyAgreement;
import org.p11plug.jca.internal.P11KeyFactory;
import org.p11plug.jca.internal.P11KeyGenerator;
import org.p11plug.jca.internal.P11KeyPairGenerator;
import org.p11plug.jca.internal.P11KeyStore;
import org.p11plug.jca.internal.P11Mac;
import org.p11plug.jca.internal.P11MessageDigest;
import org.p11plug.jca.internal.P11RsaCipher;
import org.p11plug.jca.internal.P11SecretKeyFactory;
import org.p11plug.jca.internal.P11SecureRandom;
import org.p11plug.jca.internal.P11Signature;
import org.p11plug.jca.internal.P11Signature.Kind;
import org.p11plug.jca.internal.StandaloneToken;
import org.p11plug.jca.internal.TokenSessions;

/**
 * p11plug as a JCA provider ("P11plug") for one token: KeyStore {@value #KEYSTORE_TYPE}, the
 * signatures, digests, HMACs, secret key generation and SecureRandom of the token, keys as
 * handles that never leave it. The
 * provider is one PKCS#11 application of its own; its objects share a bounded pool of sessions,
 * so one provider serves any number of threads.
 *
 * <p>In OSGi, build it from the {@link CryptokiService}. On a plain class path (keytool,
 * jarsigner, {@code java.security} files), {@code new P11plugProvider().configure(file)} reads a
 * properties file and assembles the engine, the heap store and the software token itself:
 * {@code directory} (the soft token's directory, required), {@code slot} (default: the first
 * with a token), {@code sessions} (pool size, default 8).
 */
public final class P11plugProvider extends Provider implements AutoCloseable {
    private static final long serialVersionUID = 1L;

    /** The KeyStore type this provider offers. */
    public static final String KEYSTORE_TYPE = "P11PLUG";
    public static final String NAME = "P11plug";
    private static final String VERSION = "0.1";

    private final transient @Nullable TokenSessions token;
    private final transient @Nullable AutoCloseable owned;

    /** An unconfigured provider: {@link #configure(String)} makes a working one (as keytool does). */
    public P11plugProvider() {
        super(NAME, VERSION, "p11plug PKCS#11 token (unconfigured: configure(file))");
        token = null;
        owned = null;
    }

    /** The provider over one slot of a service, as one new application with {@code sessions} pooled sessions. */
    public P11plugProvider(CryptokiService service, long slot, int sessions) {
        this(new TokenSessions(service.openApplication(), slot, sessions), null);
    }

    private P11plugProvider(TokenSessions token, @Nullable AutoCloseable owned) {
        super(NAME, VERSION, "p11plug PKCS#11 token, slot " + token.slot());
        this.token = token;
        this.owned = owned;
        register(token);
    }

    /** Reads the configuration file named by {@code configArg} and assembles the token without OSGi. */
    @Override
    public Provider configure(String configArg) {
        if (token != null) {
            throw new IllegalStateException("already configured");
        }
        try {
            StandaloneToken standalone = StandaloneToken.open(Path.of(configArg));
            return new P11plugProvider(standalone.sessions(), standalone);
        } catch (IOException e) {
            throw new InvalidParameterException("cannot read " + configArg + ": " + e.getMessage());
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new ProviderException("cannot configure from " + configArg + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isConfigured() {
        return token != null;
    }

    /** Ends the provider's application (its sessions and session objects), and what it assembled itself. */
    @Override
    public void close() throws Exception {
        if (token != null) {
            token.close();
        }
        if (owned != null) {
            owned.close();
        }
    }

    private void register(TokenSessions t) {
        service("KeyStore", KEYSTORE_TYPE, List.of(), p -> new P11KeyStore(t));
        Predicate<Object> signing = key -> Keys.ofToken(t, key) || key instanceof PublicKey;
        Map.of("SHA1withRSA", CKM.SHA1_RSA_PKCS, "SHA224withRSA", CKM.SHA224_RSA_PKCS, "SHA256withRSA", CKM.SHA256_RSA_PKCS,
                "SHA384withRSA", CKM.SHA384_RSA_PKCS, "SHA512withRSA", CKM.SHA512_RSA_PKCS,
                "SHA3-224withRSA", CKM.SHA3_224_RSA_PKCS, "SHA3-256withRSA", CKM.SHA3_256_RSA_PKCS,
                "SHA3-384withRSA", CKM.SHA3_384_RSA_PKCS, "SHA3-512withRSA", CKM.SHA3_512_RSA_PKCS,
                "NONEwithRSA", CKM.RSA_PKCS)
                .forEach((name, m) -> service("Signature", name, signing, p -> new P11Signature(t, Kind.RSA, m)));
        Map.of("SHA1withECDSA", CKM.ECDSA_SHA1, "SHA224withECDSA", CKM.ECDSA_SHA224, "SHA256withECDSA", CKM.ECDSA_SHA256,
                "SHA384withECDSA", CKM.ECDSA_SHA384, "SHA512withECDSA", CKM.ECDSA_SHA512,
                "SHA3-224withECDSA", CKM.ECDSA_SHA3_224, "SHA3-256withECDSA", CKM.ECDSA_SHA3_256,
                "SHA3-384withECDSA", CKM.ECDSA_SHA3_384, "SHA3-512withECDSA", CKM.ECDSA_SHA3_512,
                "NONEwithECDSA", CKM.ECDSA)
                .forEach((name, m) -> service("Signature", name, signing, p -> new P11Signature(t, Kind.ECDSA, m)));
        service("Signature", "RSASSA-PSS", signing, p -> new P11Signature(t, Kind.PSS, CKM.RSA_PKCS_PSS));
        service("Signature", "Ed25519", signing, p -> new P11Signature(t, Kind.EDDSA, CKM.EDDSA));
        service("Signature", "Ed448", signing, p -> new P11Signature(t, Kind.EDDSA, CKM.EDDSA));
        service("Signature", "EdDSA", signing, p -> new P11Signature(t, Kind.EDDSA, CKM.EDDSA));

        Predicate<Object> secret = key -> Keys.ofToken(t, key) || Keys.isRawSecret(key);
        for (P11AesCipher.Mode mode : P11AesCipher.Mode.values()) {
            service("Cipher", mode.transformation, secret, p -> new P11AesCipher(t, mode));
        }
        for (P11RsaCipher.Padding padding : P11RsaCipher.Padding.values()) {
            service("Cipher", padding.transformation, key -> Keys.isRsaFor(t, key), p -> new P11RsaCipher(t, padding));
        }
        Predicate<Object> agreeing = key -> Keys.ofToken(t, key);
        service("KeyAgreement", "ECDH", agreeing, p -> new P11KeyAgreement(t, false));
        for (String xdh : List.of("XDH", "X25519", "X448")) {
            service("KeyAgreement", xdh, agreeing, p -> new P11KeyAgreement(t, true));
        }

        Map.of("SHA-1", new long[] {CKM.SHA_1, 20}, "SHA-224", new long[] {CKM.SHA224, 28},
                "SHA-256", new long[] {CKM.SHA256, 32}, "SHA-384", new long[] {CKM.SHA384, 48},
                "SHA-512", new long[] {CKM.SHA512, 64}, "SHA3-224", new long[] {CKM.SHA3_224, 28},
                "SHA3-256", new long[] {CKM.SHA3_256, 32}, "SHA3-384", new long[] {CKM.SHA3_384, 48},
                "SHA3-512", new long[] {CKM.SHA3_512, 64})
                .forEach((name, m) -> service("MessageDigest", name, List.of(),
                        p -> new P11MessageDigest(t, m[0], (int) m[1])));
        service("SecureRandom", "PKCS11", List.of(), p -> new P11SecureRandom(t));
        Map.of("HmacSHA1", new long[] {CKM.SHA_1_HMAC, 20}, "HmacSHA224", new long[] {CKM.SHA224_HMAC, 28},
                "HmacSHA256", new long[] {CKM.SHA256_HMAC, 32}, "HmacSHA384", new long[] {CKM.SHA384_HMAC, 48},
                "HmacSHA512", new long[] {CKM.SHA512_HMAC, 64}, "HmacSHA3-256", new long[] {CKM.SHA3_256_HMAC, 32},
                "HmacSHA3-384", new long[] {CKM.SHA3_384_HMAC, 48}, "HmacSHA3-512", new long[] {CKM.SHA3_512_HMAC, 64})
                .forEach((name, m) -> {
                    service("Mac", name, secret, p -> new P11Mac(t, m[0], (int) m[1]));
                    service("KeyGenerator", name, List.of(), p -> new P11KeyGenerator(t, name, (int) m[1] * 8));
                    service("SecretKeyFactory", name, List.of(), p -> new P11SecretKeyFactory(t, name, CKK.GENERIC_SECRET));
                });
        service("KeyGenerator", "AES", List.of(), p -> new P11KeyGenerator(t, "AES", 256));
        service("SecretKeyFactory", "AES", List.of(), p -> new P11SecretKeyFactory(t, "AES", CKK.AES));
        for (String a : List.of("RSA", "EC", "Ed25519", "Ed448", "EdDSA", "X25519", "X448", "XDH")) {
            service("KeyPairGenerator", a, List.of(), p -> new P11KeyPairGenerator(t, a.equals("EdDSA") ? "Ed25519" : a));
        }
        service("KeyFactory", "RSA", List.of(), p -> new P11KeyFactory(t, "RSA"));
        service("KeyFactory", "EC", List.of(), p -> new P11KeyFactory(t, "EC"));
        service("KeyFactory", "EdDSA", List.of("Ed25519", "Ed448"), p -> new P11KeyFactory(t, "EdDSA"));
        service("KeyFactory", "XDH", List.of("X25519", "X448"), p -> new P11KeyFactory(t, "XDH"));
    }

    /** A service that takes no key (or whose key the JCA does not ask about). */
    private void service(String type, String algorithm, List<String> aliases, Function<Object, Object> create) {
        putService(new KeyedService(this, type, algorithm, aliases, key -> true, create));
    }

    /** A service whose keys the JCA asks about when it picks a provider (delayed selection). */
    private void service(String type, String algorithm, Predicate<Object> supports, Function<Object, Object> create) {
        putService(new KeyedService(this, type, algorithm, List.of(), supports, create));
    }

    /** A service made by a function; it claims the keys its predicate accepts. */
    private static final class KeyedService extends Service {
        private final transient Predicate<Object> supports;
        private final transient Function<Object, Object> create;

        KeyedService(Provider provider, String type, String algorithm, List<String> aliases, Predicate<Object> supports,
                Function<Object, Object> create) {
            super(provider, type, algorithm, P11plugProvider.class.getName() + "$" + type, aliases, null);
            this.supports = supports;
            this.create = create;
        }

        @Override
        public Object newInstance(Object constructorParameter) {
            return create.apply(constructorParameter);
        }

        @Override
        public boolean supportsParameter(Object parameter) {
            return supports.test(parameter);
        }
    }
}
