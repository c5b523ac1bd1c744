package org.p11plug.jca.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.p11plug.jca.P11plugProvider;

/**
 * JSSE with the client's key on the token: the provider is registered with
 * java.security.Security (last, so the JDK's providers keep their own keys, or first), the client's
 * KeyManager comes from the provider's KeyStore, and a local TLS server that requires client
 * authentication accepts the handshake — JSSE's CertificateVerify is signed on the token.
 */
class TlsTest {
    static TokenFixture token;
    static KeyStore tokenStore;

    @BeforeAll
    static void start() throws Exception {
        token = new TokenFixture(4);
        tokenStore = KeyStore.getInstance(P11plugProvider.KEYSTORE_TYPE, token.provider);
        tokenStore.load(null, TokenFixture.PIN);
    }

    @AfterAll
    static void stop() throws Exception {
        token.close();
    }

    /**
     * Last, the provider serves only its own keys. First, it serves the whole handshake it can:
     * JSSE's ephemeral ECDHE/X25519 keys are generated and agreed on the token, the record layer's
     * AES-GCM and HMAC run there, and the token's own software crypto must not call back into the
     * provider (it takes the JDK's primitives: SoftwareCrypto).
     */
    @ParameterizedTest
    @CsvSource({"ec,TLSv1.3,last", "rsa,TLSv1.3,last", "ec,TLSv1.2,last", "rsa,TLSv1.2,last", "ec,TLSv1.3,first",
        "rsa,TLSv1.2,first"})
    void aServerRequiringClientAuthenticationAcceptsTheTokensKey(String alias, String protocol, String position)
            throws Exception {
        if (position.equals("first")) {
            Security.insertProviderAt(token.provider, 1);
        } else {
            Security.addProvider(token.provider);
        }
        try {
            handshake(alias, protocol);
        } finally {
            Security.removeProvider(token.provider.getName());
        }
    }

    private void handshake(String alias, String protocol) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC"); // the server's key is a software key
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair serverPair = g.generateKeyPair();
        X509Certificate serverCert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name("CN=localhost"), BigInteger.ONE, Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plusSeconds(3600)), new X500Name("CN=localhost"), serverPair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(serverPair.getPrivate())));
        KeyStore serverKeys = KeyStore.getInstance("PKCS12");
        serverKeys.load(null, null);
        serverKeys.setKeyEntry("server", serverPair.getPrivate(), "pw".toCharArray(), new X509Certificate[] {serverCert});
        KeyStore serverTrust = KeyStore.getInstance("PKCS12");
        serverTrust.load(null, null);
        serverTrust.setCertificateEntry("client", tokenStore.getCertificate(alias));
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keyManagers(serverKeys, "pw".toCharArray()), trustManagers(serverTrust), null);

        KeyStore clientKeys = KeyStore.getInstance(P11plugProvider.KEYSTORE_TYPE, token.provider);
        clientKeys.load(null, TokenFixture.PIN);
        KeyStore clientTrust = KeyStore.getInstance("PKCS12");
        clientTrust.load(null, null);
        clientTrust.setCertificateEntry("server", serverCert);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(onlyAlias(clientKeys, alias), trustManagers(clientTrust), null);

        try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0)) {
            listening.setNeedClientAuth(true);
            listening.setEnabledProtocols(new String[] {protocol});
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listening.accept()) {
                    InputStream in = s.getInputStream();
                    int b = in.read();
                    s.getOutputStream().write(b + 1);
                    s.getOutputStream().flush();
                    return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("localhost", listening.getLocalPort())) {
                s.setEnabledProtocols(new String[] {protocol});
                OutputStream out = s.getOutputStream();
                out.write(41);
                out.flush();
                assertThat(s.getInputStream().read(), is(42));
                assertThat(s.getSession().getProtocol(), is(protocol));
            }
            assertThat("the server saw the token's certificate", served.get(30, TimeUnit.SECONDS), is("CN=" + alias));
        }
    }

    /** The token's KeyManager, made to present one alias (JSSE would otherwise pick any key that fits). */
    private static javax.net.ssl.KeyManager[] onlyAlias(KeyStore tokenKeys, String alias) throws Exception {
        // SunX509 names entries by their plain aliases (NewSunX509 prefixes them)
        KeyManagerFactory f = KeyManagerFactory.getInstance("SunX509");
        f.init(tokenKeys, TokenFixture.PIN);
        javax.net.ssl.X509KeyManager all = (javax.net.ssl.X509KeyManager) f.getKeyManagers()[0];
        return new javax.net.ssl.KeyManager[] {new javax.net.ssl.X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                return new String[] {alias};
            }

            @Override
            public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return alias;
            }

            @Override
            public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String a) {
                return all.getCertificateChain(a);
            }

            @Override
            public java.security.PrivateKey getPrivateKey(String a) {
                return all.getPrivateKey(a);
            }
        }};
    }

    private static javax.net.ssl.KeyManager[] keyManagers(KeyStore ks, char[] password) throws Exception {
        KeyManagerFactory f = KeyManagerFactory.getInstance("NewSunX509");
        f.init(ks, password);
        return f.getKeyManagers();
    }

    private static javax.net.ssl.TrustManager[] trustManagers(KeyStore ks) throws Exception {
        TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
        f.init(ks);
        return f.getTrustManagers();
    }
}
