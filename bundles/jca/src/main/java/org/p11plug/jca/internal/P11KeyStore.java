package org.p11plug.jca.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkException;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKC;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.AttributeRequest;
import org.p11plug.api.raw.AttributeResults;
import org.p11plug.api.raw.Pkcs11;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.api.raw.Ulong;
import org.p11plug.spi.crypto.SoftwareCrypto;

/**
 * The token's objects as a KeyStore: a private key and the X.509 certificate with the same
 * CKA_ID are one key entry, named by the key's CKA_LABEL (else the certificate's, else the id in
 * hex); a certificate without a key is a certificate entry. Loading with a password (or a
 * {@link KeyStore.PasswordProtection} or callback handler) logs the provider's application in,
 * which shows the private objects. Entries are read once per load; keys are handles.
 *
 * <p>Secret keys on the token are key entries too (AES, else generic secrets), named by CKA_LABEL.
 * Writes go to the token at once: a certificate entry; a private key with its certificate (a key
 * of this token is labelled, a key from elsewhere written as a sensitive, non-extractable object);
 * a secret key; the deletion of an entry's objects. Only token objects are entries.
 */
public final class P11KeyStore extends KeyStoreSpi {
    /** Entries are token objects: the provider's own session objects (generated session keys) are not entries. */
    private static final RawAttribute ON_TOKEN = RawAttribute.ofBoolean(CKA.TOKEN, true);

    private final TokenSessions token;
    private volatile Map<String, Entry> entries = Map.of();
    private final Date loaded = new Date();

    /** One alias: a private key handle and its certificate, a certificate alone, or a secret key. */
    private record Entry(@Nullable Long privateKey, @Nullable X509Certificate certificate, @Nullable Long secretKey,
            long secretKeyType) {
        static Entry privateKey(long handle, @Nullable X509Certificate certificate) {
            return new Entry(handle, certificate, null, 0);
        }

        static Entry certificate(X509Certificate certificate) {
            return new Entry(null, certificate, null, 0);
        }

        static Entry secretKey(long handle, long keyType) {
            return new Entry(null, null, handle, keyType);
        }

        boolean isKey() {
            return privateKey != null || secretKey != null;
        }
    }

    public P11KeyStore(TokenSessions token) {
        this.token = token;
    }

    @Override
    public void engineLoad(@Nullable InputStream stream, char @Nullable [] password) throws IOException {
        if (stream != null) {
            throw new IOException("a token keystore is loaded without a stream (pass null)");
        }
        login(password);
        scan();
    }

    @Override
    public void engineLoad(KeyStore.@Nullable LoadStoreParameter param) throws IOException {
        char[] pin = null;
        if (param != null) {
            KeyStore.ProtectionParameter protection = param.getProtectionParameter();
            if (protection instanceof KeyStore.PasswordProtection p) {
                pin = p.getPassword();
            } else if (protection instanceof KeyStore.CallbackHandlerProtection c) {
                PasswordCallback callback = new PasswordCallback("PIN for the P11plug token: ", false);
                try {
                    c.getCallbackHandler().handle(new Callback[] {callback});
                } catch (UnsupportedCallbackException e) {
                    throw new IOException("the callback handler cannot ask for a PIN", e);
                }
                pin = callback.getPassword();
                callback.clearPassword();
            } else if (protection != null) {
                throw new IOException("unsupported protection " + protection.getClass().getName());
            }
        }
        try {
            login(pin);
        } finally {
            if (pin != null && !(param.getProtectionParameter() instanceof KeyStore.PasswordProtection)) {
                Arrays.fill(pin, '\0');
            }
        }
        scan();
    }

    private void login(char @Nullable [] pin) throws IOException {
        if (pin == null) {
            return;
        }
        try {
            token.login(pin);
        } catch (CkException e) {
            // keytool and KeyStore.load tell a wrong password by an IOException caused by UnrecoverableKeyException
            throw new IOException("C_Login: " + e.getMessage(), new java.security.UnrecoverableKeyException(e.getMessage()));
        }
    }

    private void scan() throws IOException {
        try {
            Map<String, X509Certificate> certificates = new LinkedHashMap<>();
            Map<String, String> certificateLabels = new LinkedHashMap<>();
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (long handle : find(RawAttribute.ofLong(CKA.CLASS, CKO.CERTIFICATE),
                    RawAttribute.ofLong(CKA.CERTIFICATE_TYPE, CKC.X_509), ON_TOKEN)) {
                AttributeResults r = attributes(handle, CKA.VALUE, CKA.ID, CKA.LABEL);
                if (!r.get(0).ok()) {
                    continue;
                }
                String id = hex(r.get(1));
                certificates.put(id, (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(r.get(0).value())));
                certificateLabels.put(id, text(r.get(2)));
            }
            Map<String, Entry> found = new LinkedHashMap<>();
            for (long handle : find(RawAttribute.ofLong(CKA.CLASS, CKO.PRIVATE_KEY), ON_TOKEN)) {
                AttributeResults r = attributes(handle, CKA.ID, CKA.LABEL);
                String id = hex(r.get(0));
                X509Certificate certificate = certificates.remove(id);
                String label = text(r.get(1));
                if (label.isEmpty() && certificate != null) {
                    label = certificateLabels.get(id);
                }
                found.put(unique(found, label.isEmpty() ? id : label), Entry.privateKey(handle, certificate));
            }
            for (Map.Entry<String, X509Certificate> c : certificates.entrySet()) {
                String label = certificateLabels.get(c.getKey());
                found.put(unique(found, label.isEmpty() ? c.getKey() : label), Entry.certificate(c.getValue()));
            }
            for (long handle : find(RawAttribute.ofLong(CKA.CLASS, CKO.SECRET_KEY), ON_TOKEN)) {
                AttributeResults r = attributes(handle, CKA.ID, CKA.LABEL, CKA.KEY_TYPE);
                String label = text(r.get(1));
                long keyType = r.get(2).ok() ? Ulong.decode(r.get(2).value()) : CKK.GENERIC_SECRET;
                found.put(unique(found, label.isEmpty() ? hex(r.get(0)) : label), Entry.secretKey(handle, keyType));
            }
            entries = Collections.unmodifiableMap(found);
        } catch (CkException | CertificateException e) {
            throw new IOException("reading the token: " + e.getMessage(), e);
        }
    }

    private List<Long> find(RawAttribute... template) {
        return token.withSession(s -> {
            Pkcs11 p11 = token.p11();
            List<Long> handles = new ArrayList<>();
            p11.findObjectsInit(s, template);
            try {
                for (long[] batch = p11.findObjects(s, 64); batch.length > 0; batch = p11.findObjects(s, 64)) {
                    for (long h : batch) {
                        handles.add(h);
                    }
                }
            } finally {
                p11.findObjectsFinal(s);
            }
            return handles;
        });
    }

    private AttributeResults attributes(long handle, long... types) {
        AttributeRequest[] requests = new AttributeRequest[types.length];
        for (int i = 0; i < types.length; i++) {
            requests[i] = AttributeRequest.of(types[i]);
        }
        return token.withSession(s -> token.p11().getAttributeValue(s, handle, requests));
    }

    private static String hex(org.p11plug.api.raw.AttributeResult r) {
        return r.ok() && r.value() != null ? HexFormat.of().formatHex(r.value()) : "";
    }

    private static String text(org.p11plug.api.raw.AttributeResult r) {
        return r.ok() && r.value() != null ? new String(r.value(), StandardCharsets.UTF_8).trim() : "";
    }

    private static String unique(Map<String, Entry> taken, String alias) {
        String candidate = alias;
        for (int n = 2; taken.containsKey(candidate); n++) {
            candidate = alias + " (" + n + ")";
        }
        return candidate;
    }

    @Override
    public @Nullable Key engineGetKey(String alias, char @Nullable [] password) {
        Entry e = entries.get(alias);
        if (e == null || !e.isKey()) {
            return null;
        }
        return e.secretKey() != null ? P11SecretKey.stored(token, e.secretKey(), e.secretKeyType())
                : P11PrivateKey.of(token, e.privateKey());
    }

    @Override
    public Certificate @Nullable [] engineGetCertificateChain(String alias) {
        Entry e = entries.get(alias);
        return e == null || e.privateKey() == null || e.certificate() == null ? null
                : new Certificate[] {e.certificate()};
    }

    @Override
    public @Nullable Certificate engineGetCertificate(String alias) {
        Entry e = entries.get(alias);
        return e == null ? null : e.certificate();
    }

    @Override
    public @Nullable Date engineGetCreationDate(String alias) {
        return entries.containsKey(alias) ? new Date(loaded.getTime()) : null;
    }

    @Override
    public Enumeration<String> engineAliases() {
        return Collections.enumeration(entries.keySet());
    }

    @Override
    public boolean engineContainsAlias(String alias) {
        return entries.containsKey(alias);
    }

    @Override
    public int engineSize() {
        return entries.size();
    }

    @Override
    public boolean engineIsKeyEntry(String alias) {
        Entry e = entries.get(alias);
        return e != null && e.isKey();
    }

    @Override
    public boolean engineIsCertificateEntry(String alias) {
        Entry e = entries.get(alias);
        return e != null && !e.isKey();
    }

    @Override
    public @Nullable String engineGetCertificateAlias(Certificate cert) {
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (cert.equals(e.getValue().certificate())) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * {@code key} becomes the entry {@code alias} on the token. A private key needs its X.509
     * certificate (the first of the chain), stored with the key's CKA_ID: a key of this token
     * is labelled (a session key is first copied to the token); a private key from elsewhere is
     * written to the token as a sensitive, non-extractable private object. A secret key (of this
     * token, or a raw one) is stored likewise, without a certificate. The key's own copy of a
     * value, where it has one, is the caller's to destroy.
     */
    @Override
    public void engineSetKeyEntry(String alias, Key key, char @Nullable [] password, Certificate @Nullable [] chain)
            throws KeyStoreException {
        Entry existing = entries.get(alias);
        try {
            if (key instanceof javax.crypto.SecretKey secret) {
                if (existing != null) {
                    throw new KeyStoreException("alias " + alias + " is taken");
                }
                storeSecretKey(alias, secret);
            } else if (key instanceof java.security.PrivateKey privateKey) {
                if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
                    throw new KeyStoreException("a private key entry needs its X.509 certificate");
                }
                boolean same = existing != null && key instanceof P11PrivateKey k
                        && Long.valueOf(k.handle()).equals(existing.privateKey());
                if (existing != null && !same) {
                    throw new KeyStoreException("alias " + alias + " is taken");
                }
                storePrivateKey(alias, privateKey, cert);
            } else {
                throw new KeyStoreException("not a private or secret key: " + key);
            }
            scan();
        } catch (CkException | IOException | java.security.cert.CertificateEncodingException
                | java.security.InvalidKeyException e) {
            throw new KeyStoreException("writing the entry: " + e.getMessage(), e);
        }
    }

    private void storePrivateKey(String alias, java.security.PrivateKey key, X509Certificate cert)
            throws java.security.cert.CertificateEncodingException, java.security.InvalidKeyException {
        byte[] label = alias.getBytes(StandardCharsets.UTF_8);
        if (key instanceof P11PrivateKey k && k.token() == token) {
            AttributeResults r = attributes(k.handle(), CKA.ID, CKA.TOKEN);
            byte[] id = r.get(0).value();
            byte[] keyId = id == null || id.length == 0 ? keyId(cert) : id;
            RawAttribute[] naming = {RawAttribute.of(CKA.LABEL, label), RawAttribute.of(CKA.ID, keyId)};
            boolean onToken = r.get(1).ok() && r.get(1).value()[0] != 0;
            boolean hasId = id != null && id.length > 0;
            token.withSession(s -> {
                if (onToken) {
                    try {
                        token.p11().setAttributeValue(s, k.handle(), hasId ? new RawAttribute[] {naming[0]} : naming);
                    } catch (CkException refused) {
                        // a card whose keys have fixed names (PIV): the entry keeps the key's own label
                        if (!hasId || refused.is(CKR.SESSION_HANDLE_INVALID) || refused.is(CKR.DEVICE_REMOVED)) {
                            throw refused;
                        }
                    }
                } else { // a session key: its copy on the token is the entry
                    token.p11().copyObject(s, k.handle(), new RawAttribute[] {
                        naming[0], naming[1], ON_TOKEN, RawAttribute.ofBoolean(CKA.PRIVATE, true)});
                }
                return null;
            });
            storeCertificate(cert, label, keyId);
            return;
        }
        if (key instanceof P11PrivateKey) {
            throw new java.security.InvalidKeyException("a key of another P11plug provider's token");
        }
        byte[] keyId = keyId(cert);
        RawAttribute[] template = PrivateKeys.template(key, ON_TOKEN, RawAttribute.ofBoolean(CKA.PRIVATE, true),
                RawAttribute.of(CKA.LABEL, label), RawAttribute.of(CKA.ID, keyId));
        token.withSession(s -> token.p11().createObject(s, template));
        storeCertificate(cert, label, keyId);
    }

    private void storeSecretKey(String alias, javax.crypto.SecretKey key) throws java.security.InvalidKeyException {
        RawAttribute label = RawAttribute.of(CKA.LABEL, alias.getBytes(StandardCharsets.UTF_8));
        RawAttribute isPrivate = RawAttribute.ofBoolean(CKA.PRIVATE, true);
        if (key instanceof P11SecretKey k) {
            if (k.token() != token) {
                throw new java.security.InvalidKeyException("a key of another P11plug provider's token");
            }
            token.withSession(s -> token.p11().copyObject(s, k.handle(), new RawAttribute[] {label, ON_TOKEN, isPrivate}));
            return;
        }
        byte[] value = key.getEncoded();
        if (value == null || !"RAW".equalsIgnoreCase(key.getFormat())) {
            throw new java.security.InvalidKeyException("a secret key without a raw value: " + key);
        }
        try {
            RawAttribute[] template = P11SecretKey.template(P11SecretKey.keyType(key.getAlgorithm()), value, ON_TOKEN,
                    isPrivate, label);
            token.withSession(s -> token.p11().createObject(s, template));
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    @Override
    public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain) throws KeyStoreException {
        throw new KeyStoreException("importing protected key blobs is not offered");
    }

    /** A certificate alone, stored on the token under {@code alias}; an existing certificate entry is replaced. */
    @Override
    public void engineSetCertificateEntry(String alias, Certificate cert) throws KeyStoreException {
        Entry existing = entries.get(alias);
        if (existing != null && existing.isKey()) {
            throw new KeyStoreException("alias " + alias + " is a key entry");
        }
        if (!(cert instanceof X509Certificate x509)) {
            throw new KeyStoreException("only X.509 certificates");
        }
        try {
            if (existing != null) {
                destroyCertificates(alias);
            }
            storeCertificate(x509, alias.getBytes(StandardCharsets.UTF_8), keyId(x509));
            scan();
        } catch (CkException | IOException | java.security.cert.CertificateEncodingException e) {
            throw new KeyStoreException("writing the certificate: " + e.getMessage(), e);
        }
    }

    /** Destroys the entry's objects on the token: the private key, its public key and its certificate. */
    @Override
    public void engineDeleteEntry(String alias) throws KeyStoreException {
        Entry e = entries.get(alias);
        if (e == null) {
            return;
        }
        try {
            if (e.secretKey() != null) {
                destroy(List.of(e.secretKey()));
            } else if (e.privateKey() != null) {
                byte[] id = attributes(e.privateKey(), CKA.ID).get(0).value();
                List<Long> doomed = new ArrayList<>();
                doomed.add(e.privateKey());
                if (id != null && id.length > 0) {
                    doomed.addAll(find(RawAttribute.ofLong(CKA.CLASS, CKO.PUBLIC_KEY), RawAttribute.of(CKA.ID, id)));
                    doomed.addAll(find(RawAttribute.ofLong(CKA.CLASS, CKO.CERTIFICATE), RawAttribute.of(CKA.ID, id)));
                }
                destroy(doomed);
            } else {
                destroyCertificates(alias);
            }
            scan();
        } catch (CkException | IOException ex) {
            throw new KeyStoreException("deleting " + alias + ": " + ex.getMessage(), ex);
        }
    }

    private void destroyCertificates(String label) {
        destroy(find(RawAttribute.ofLong(CKA.CLASS, CKO.CERTIFICATE),
                RawAttribute.of(CKA.LABEL, label.getBytes(StandardCharsets.UTF_8))));
    }

    private void destroy(List<Long> handles) {
        token.withSession(s -> {
            for (long h : handles) {
                token.p11().destroyObject(s, h);
            }
            return null;
        });
    }

    private void storeCertificate(X509Certificate cert, byte[] label, byte[] id)
            throws java.security.cert.CertificateEncodingException {
        RawAttribute[] template = {
            RawAttribute.ofLong(CKA.CLASS, CKO.CERTIFICATE), RawAttribute.ofLong(CKA.CERTIFICATE_TYPE, CKC.X_509),
            RawAttribute.ofBoolean(CKA.TOKEN, true), RawAttribute.of(CKA.VALUE, cert.getEncoded()),
            RawAttribute.of(CKA.SUBJECT, cert.getSubjectX500Principal().getEncoded()),
            RawAttribute.of(CKA.ISSUER, cert.getIssuerX500Principal().getEncoded()),
            RawAttribute.of(CKA.LABEL, label), RawAttribute.of(CKA.ID, id)};
        token.withSession(s -> token.p11().createObject(s, template));
    }

    /** An id for objects that have none: the SHA-1 of the certificate's public key, as many tools choose. */
    private static byte[] keyId(X509Certificate cert) {
        try {
            return SoftwareCrypto.digest("SHA-1").digest(cert.getPublicKey().getEncoded());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new java.security.ProviderException(e);
        }
    }

    /** The token keeps what is written at once: nothing to store. */
    @Override
    public void engineStore(@Nullable OutputStream stream, char @Nullable [] password) {
    }
}
