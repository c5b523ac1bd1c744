package org.p11plug.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.jca.P11plugProvider;

/**
 * A signature through the JCA against the engine's own api, same key and mechanism:
 * {@code api} is C_SignInit + C_Sign on the raw layer; {@code jca} is
 * {@code Signature.update + sign} of the P11plug provider (the same two calls, a pooled session,
 * the DER encoding of ECDSA); {@code sunpkcs11-softhsm} is the JDK's SunPKCS11 provider over
 * SoftHSMv2 in the same JVM (run through {@code benchmarks/run.sh}, which provides its token).
 * {@code encryptAesCbc1KiB} does the same for a cipher: 1 KiB through AES-256-CBC-PAD.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = SoftHsmFixture.JVM_ARGS)
public class JcaBenchmark {
    @Param({"api", "jca", "sunpkcs11-softhsm"})
    public String path;

    private final byte[] data = java.util.Arrays.copyOf(CryptoInputs.message(), 100);
    private EngineFixture engine;
    private P11plugProvider provider;
    private long session;
    private long ecKey;
    private long rsaKey;
    private Signature ecdsa;
    private Signature rsa;
    private long aesKey;
    private javax.crypto.Cipher aes;
    private final byte[] block = java.util.Arrays.copyOf(CryptoInputs.message(), 1024);
    private final byte[] iv = new byte[16];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        switch (path) {
            case "api", "jca" -> {
                engine = EngineFixture.of("heap");
                session = engine.p11.openSession(engine.slot, CKF.SERIAL_SESSION | CKF.RW_SESSION);
                engine.p11.login(session, org.p11plug.api.ck.CKU.USER, EngineFixture.USER_PIN.clone());
                ecKey = pair(CKM.EC_KEY_PAIR_GEN, RawAttribute.of(CKA.EC_PARAMS, BridgeBenchmark.P256), "ec");
                rsaKey = pair(CKM.RSA_PKCS_KEY_PAIR_GEN, RawAttribute.ofLong(CKA.MODULUS_BITS, 2048), "rsa");
                aesKey = engine.p11.generateKey(session, Mechanism.of(CKM.AES_KEY_GEN), new RawAttribute[] {
                    RawAttribute.ofLong(CKA.VALUE_LEN, 32), RawAttribute.ofBoolean(CKA.ENCRYPT, true),
                    RawAttribute.ofBoolean(CKA.DECRYPT, true)});
                if (path.equals("jca")) {
                    provider = new P11plugProvider(engine.engine.service("jca"), engine.slot, 4);
                    KeyStore ks = KeyStore.getInstance(P11plugProvider.KEYSTORE_TYPE, provider);
                    ks.load(null, "123456".toCharArray());
                    ecdsa = signer(provider, "SHA256withECDSA", (PrivateKey) ks.getKey("ec", null));
                    rsa = signer(provider, "SHA256withRSA", (PrivateKey) ks.getKey("rsa", null));
                    aes = encrypter(provider, javax.crypto.KeyGenerator.getInstance("AES", provider).generateKey());
                }
            }
            case "sunpkcs11-softhsm" -> {
                long slot;
                try (SoftHsmFixture softhsm = new SoftHsmFixture()) {
                    slot = softhsm.slot;
                }
                Path config = Files.createTempFile("sunpkcs11", ".cfg");
                Files.writeString(config, "name = softhsm\nlibrary = "
                        + System.getenv().getOrDefault("SOFTHSM2_LIB", "/usr/lib/softhsm/libsofthsm2.so") + "\nslot = " + slot + "\n");
                Provider sun = Security.getProvider("SunPKCS11").configure(config.toString());
                Files.delete(config);
                KeyStore.getInstance("PKCS11", sun).load(null, SoftHsmFixture.USER_PIN);
                KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", sun);
                ec.initialize(new ECGenParameterSpec("secp256r1"));
                ecdsa = signer(sun, "SHA256withECDSA", ec.generateKeyPair().getPrivate());
                KeyPairGenerator r = KeyPairGenerator.getInstance("RSA", sun);
                r.initialize(2048);
                rsa = signer(sun, "SHA256withRSA", r.generateKeyPair().getPrivate());
                javax.crypto.KeyGenerator a = javax.crypto.KeyGenerator.getInstance("AES", sun);
                a.init(256);
                aes = encrypter(sun, a.generateKey());
            }
            default -> throw new IllegalArgumentException(path);
        }
    }

    private long pair(long mechanism, RawAttribute parameter, String label) {
        return engine.p11.generateKeyPair(session, Mechanism.of(mechanism),
                new RawAttribute[] {parameter, RawAttribute.ofBoolean(CKA.VERIFY, true)},
                new RawAttribute[] {RawAttribute.ofBoolean(CKA.SIGN, true), RawAttribute.ofBoolean(CKA.TOKEN, true),
                    RawAttribute.ofUtf8(CKA.LABEL, label), RawAttribute.of(CKA.ID, label.getBytes())})[1];
    }

    private static Signature signer(Provider p, String algorithm, PrivateKey key) throws Exception {
        Signature s = Signature.getInstance(algorithm, p);
        s.initSign(key);
        return s;
    }

    private javax.crypto.Cipher encrypter(Provider p, java.security.Key key) throws Exception {
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding", p);
        c.init(javax.crypto.Cipher.ENCRYPT_MODE, key, new javax.crypto.spec.IvParameterSpec(iv));
        return c;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (provider != null) {
            provider.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Benchmark
    public byte[] signEcdsaP256() throws Exception {
        return sign(CKM.ECDSA_SHA256, ecKey, ecdsa);
    }

    @Benchmark
    public byte[] signRsa2048() throws Exception {
        return sign(CKM.SHA256_RSA_PKCS, rsaKey, rsa);
    }

    /** AES-256-CBC with PKCS#5 padding over 1 KiB, one doFinal (C_EncryptInit + C_Encrypt). */
    @Benchmark
    public byte[] encryptAesCbc1KiB() throws Exception {
        if (aes == null) {
            engine.p11.encryptInit(session, Mechanism.of(CKM.AES_CBC_PAD,
                    new org.p11plug.api.param.ByteArrayParameter(iv)), aesKey);
            return engine.p11.encrypt(session, block, 2048).data();
        }
        return aes.doFinal(block);
    }

    private byte[] sign(long mechanism, long key, Signature jca) throws Exception {
        if (jca == null) {
            engine.p11.signInit(session, Mechanism.of(mechanism), key);
            return engine.p11.sign(session, data, 1024).data();
        }
        jca.update(data);
        return jca.sign();
    }
}
