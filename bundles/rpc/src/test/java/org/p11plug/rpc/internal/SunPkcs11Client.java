package org.p11plug.rpc.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;

/**
 * The JDK's SunPKCS11 provider over p11-kit-client.so, run in a process of its own because
 * p11-kit-client.so reads P11_KIT_SERVER_ADDRESS from the environment:
 * {@code SunPkcs11Client MODULE SLOT PIN RSA_ALIAS EC_ALIAS THREADS [DECRYPT_ALIAS]}. Each check prints one
 * line; any failure ends the process with a non-zero status.
 */
public final class SunPkcs11Client {
    private SunPkcs11Client() {
    }

    /** SunPKCS11 over {@code module}, on the slot with id {@code slot}. */
    static Provider sunPkcs11(String module, String slot) throws java.io.IOException {
        Path config = Files.createTempFile("sunpkcs11", ".cfg");
        Files.writeString(config, "name = p11plug\nlibrary = " + module + "\nslot = " + slot + "\n");
        Provider p = Security.getProvider("SunPKCS11").configure(config.toString());
        Files.delete(config);
        return p;
    }

    public static void main(String[] args) throws Exception {
        Provider p = sunPkcs11(args[0], args[1]);
        char[] pin = args[2].toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS11", p);
        ks.load(null, pin);
        List<String> aliases = Collections.list(ks.aliases());
        System.out.println("aliases " + aliases);
        PrivateKey rsa = (PrivateKey) ks.getKey(args[3], pin);
        PublicKey rsaPublic = ks.getCertificate(args[3]).getPublicKey();
        PrivateKey ec = (PrivateKey) ks.getKey(args[4], pin);
        PublicKey ecPublic = ks.getCertificate(args[4]).getPublicKey();
        byte[] data = "p11plug through p11-kit".getBytes(StandardCharsets.UTF_8);

        check("SHA256withRSA", p, "SHA256withRSA", null, rsa, rsaPublic, data);
        check("RSASSA-PSS", p, "RSASSA-PSS",
                new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1), rsa, rsaPublic, data);
        check("SHA256withECDSA", p, "SHA256withECDSA", null, ec, ecPublic, data);

        String decryptAlias = args.length > 6 ? args[6] : args[3];
        Cipher encrypt = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        encrypt.init(Cipher.ENCRYPT_MODE, ks.getCertificate(decryptAlias).getPublicKey());
        Cipher decrypt = Cipher.getInstance("RSA/ECB/PKCS1Padding", p);
        decrypt.init(Cipher.DECRYPT_MODE, (PrivateKey) ks.getKey(decryptAlias, pin));
        byte[] plain = decrypt.doFinal(encrypt.doFinal(data));
        require(java.util.Arrays.equals(plain, data), "RSA/ECB/PKCS1Padding decryption");
        System.out.println("RSA/ECB/PKCS1Padding ok");

        int threads = Integer.parseInt(args[5]);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    Signature s = Signature.getInstance(i % 2 == 0 ? "SHA256withECDSA" : "SHA256withRSA", p);
                    s.initSign(i % 2 == 0 ? ec : rsa);
                    s.update(data);
                    byte[] sig = s.sign();
                    Signature v = Signature.getInstance(i % 2 == 0 ? "SHA256withECDSA" : "SHA256withRSA");
                    v.initVerify(i % 2 == 0 ? ecPublic : rsaPublic);
                    v.update(data);
                    require(v.verify(sig), "signature of a thread");
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        System.out.println(threads + " threads x 50 signatures ok");
    }

    private static void check(String name, Provider p, String algorithm, PSSParameterSpec spec, PrivateKey key,
            PublicKey publicKey, byte[] data) throws Exception {
        Signature s = Signature.getInstance(algorithm, p);
        if (spec != null) {
            s.setParameter(spec);
        }
        s.initSign(key);
        s.update(data);
        byte[] signature = s.sign();
        Signature v = Signature.getInstance(algorithm);
        if (spec != null) {
            v.setParameter(spec);
        }
        v.initVerify(publicKey);
        v.update(data);
        require(v.verify(signature), name + " verifies with the JDK's own provider");
        System.out.println(name + " ok");
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException(what + " failed");
        }
    }
}
