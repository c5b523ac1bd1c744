package org.p11plug.rpc.internal;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/**
 * A SunPKCS11 client that logs in, generates session keys and signs until it is killed:
 * {@code HoldingClient MODULE SLOT PIN}. It prints "ready" once it holds sessions and objects.
 */
public final class HoldingClient {
    private HoldingClient() {
    }

    public static void main(String[] args) throws Exception {
        Provider p = SunPkcs11Client.sunPkcs11(args[0], args[1]);
        KeyStore.getInstance("PKCS11", p).load(null, args[2].toCharArray());
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", p);
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair[] pairs = {g.generateKeyPair(), g.generateKeyPair()};
        System.out.println("ready");
        System.out.flush();
        byte[] data = new byte[100];
        for (long i = 0; ; i++) {
            Signature s = Signature.getInstance("SHA256withECDSA", p);
            s.initSign(pairs[(int) (i & 1)].getPrivate());
            s.update(data);
            s.sign();
        }
    }
}
