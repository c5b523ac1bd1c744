package org.p11plug.card.pcsc.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkException;
import org.p11plug.api.CkVersion;
import org.p11plug.api.TokenInfo;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CK;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKC;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.raw.Ulong;
import org.p11plug.spi.crypto.SoftwareCrypto;
import org.p11plug.spi.store.KeyEncryptionKey;
import org.p11plug.spi.store.StoredValue;
import org.p11plug.spi.token.LoginTicket;
import org.p11plug.spi.token.TokenObject;
import org.p11plug.spi.token.TokenObjectListener;
import org.p11plug.spi.token.TokenObjectStore;

/**
 * A PIV card as a token. CKU_USER is the PIV PIN (6–8 characters, FF-padded by the driver).
 * Token objects are read from the card once and cached: for each key slot with a certificate,
 * the certificate (decompressed when the card stores it gzipped), its public key, and the
 * private key, which stays on the card (sensitive, never extractable, not destroyable; PIN
 * before every use for 9C). A find then never talks to the card.
 *
 * <p>Writes need the card management key (from the backend's configuration): key generation on
 * the card (its public half kept in a {@link PlaceholderCertificate}), certificate import
 * (C_CreateObject of an X.509 certificate whose CKA_ID names the slot) and removal. The card
 * holds nothing else: other objects answer CKR_TEMPLATE_INCONSISTENT.
 */
final class PivToken implements CardDriver.CardToken {
    static final int ALG_RSA_2048 = 0x07;
    static final int ALG_ECC_P256 = 0x11;
    static final int ALG_ECC_P384 = 0x14;
    private static final Logger LOG = Logger.getLogger(PivToken.class.getName());
    private static final byte[] P256_OID = HexFormat.of().parseHex("06082a8648ce3d030107");
    private static final byte[] P384_OID = HexFormat.of().parseHex("06052b81040022");
    private static final CkVersion VERSION = new CkVersion(0, 1);
    private static final AtomicLong IDS = new AtomicLong(1);

    private final PivCard card;
    private final String serial;
    private final CardKek kek = new CardKek();
    private final Set<Ticket> tickets = ConcurrentHashMap.newKeySet();
    private @Nullable List<PivObject> objects;
    private String label = "PIV card";
    private volatile boolean stale;
    private volatile boolean loginLost;
    private Runnable loginLostAction = () -> { };

    private final class Ticket implements LoginTicket {
        @Override
        public UserType userType() {
            return UserType.USER;
        }

        @Override
        public void close() {
            if (tickets.remove(this) && tickets.isEmpty()) {
                try {
                    card.resetPin(); // the card's security status is shared by every process: drop it
                } catch (CkException e) {
                    // the card is gone: nothing to drop
                }
            }
        }
    }

    private final ManagementKey managementKey;
    private final List<TokenObjectListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    PivToken(PivCard card, ManagementKey managementKey) {
        this.card = card;
        this.managementKey = managementKey;
        card.session().onReset(() -> {
            card.select(); // a reset deselects the application and forgets the PIN
            stale = true; // whoever reset it may have written to it: re-read, off this thread (maintain)
            loginLost = !tickets.isEmpty(); // and the PIN is no longer verified: log the applications out (maintain)
            tickets.clear();
            LOG.fine("the PIV card was reset by another process: selected again, PIN state lost");
        });
        byte[] chuid = card.getData(0x5FC102);
        byte[] guid = chuid == null ? null : Ber.find(chuid, 0x34);
        this.serial = guid == null || guid.length < 8 ? "0000000000000000"
                : HexFormat.of().formatHex(guid, guid.length - 8, guid.length);
        cardObjects();
    }

    @Override
    public synchronized TokenInfo info() {
        long flags = CKF.LOGIN_REQUIRED | CKF.USER_PIN_INITIALIZED | CKF.TOKEN_INITIALIZED;
        try {
            int tries = card.pinStatus();
            if (tries == 0) {
                flags |= CKF.USER_PIN_LOCKED;
            } else if (tries == 1) {
                flags |= CKF.USER_PIN_FINAL_TRY | CKF.USER_PIN_COUNT_LOW;
            } else if (tries == 2) {
                flags |= CKF.USER_PIN_COUNT_LOW; // below the usual three tries: the card does not tell its maximum
            }
        } catch (CkException e) {
            // a card that will not say: no counter flags
        }
        return new TokenInfo(label, "p11plug", "PIV card", serial, flags,
                CK.EFFECTIVELY_INFINITE, CK.UNAVAILABLE_INFORMATION, CK.EFFECTIVELY_INFINITE, CK.UNAVAILABLE_INFORMATION,
                8, 6, CK.UNAVAILABLE_INFORMATION, CK.UNAVAILABLE_INFORMATION, CK.UNAVAILABLE_INFORMATION,
                CK.UNAVAILABLE_INFORMATION, VERSION, VERSION, "");
    }

    @Override
    public void initToken(byte[] soPin, String label) {
        throw new CkException(CKR.FUNCTION_NOT_SUPPORTED, "a PIV card is initialized by its issuer");
    }

    /**
     * The SO, as OpenSC maps it on PIV cards: the SO PIN is the PUK. A PIV card cannot verify
     * its PUK by itself (only as part of RESET RETRY COUNTER or CHANGE REFERENCE DATA), so the SO
     * login keeps the PUK, outside the Java heap, for C_InitPIN, which resets the PIN with it;
     * a wrong PUK shows there (CKR_PIN_INCORRECT, counted by the card). Logging out erases it.
     */
    private static final class SoTicket implements LoginTicket {
        private final java.nio.ByteBuffer puk = java.nio.ByteBuffer.allocateDirect(8);

        SoTicket(byte[] padded) {
            puk.put(0, padded);
        }

        @Override
        public UserType userType() {
            return UserType.SO;
        }

        byte[] puk() {
            byte[] copy = new byte[8];
            puk.get(0, copy);
            return copy;
        }

        @Override
        public void close() {
            for (int i = 0; i < 8; i++) {
                puk.put(i, (byte) 0);
            }
        }
    }

    @Override
    public LoginTicket login(UserType userType, byte[] pin) {
        if (userType == UserType.SO) {
            if (pin.length < 6 || pin.length > 8) {
                throw new CkException(CKR.PIN_INCORRECT, "a PIV PUK has 6 to 8 characters");
            }
            byte[] padded = PivCard.pad(pin);
            try {
                return new SoTicket(padded);
            } finally {
                java.util.Arrays.fill(padded, (byte) 0);
            }
        }
        card.verify(pin);
        Ticket t = new Ticket();
        tickets.add(t);
        return t;
    }

    @Override
    public void reauthenticate(LoginTicket ticket, byte[] pin) {
        card.verify(pin);
    }

    /** C_InitPIN as RESET RETRY COUNTER: the SO's PUK and the new PIN; the PIN's tries are reset too. */
    @Override
    public void initPin(LoginTicket so, byte[] newPin) {
        if (!(so instanceof SoTicket t)) {
            throw new CkException(CKR.USER_NOT_LOGGED_IN, "C_InitPIN needs the SO (the PUK)");
        }
        byte[] puk = t.puk();
        try {
            card.resetRetryCounter(puk, newPin);
        } finally {
            java.util.Arrays.fill(puk, (byte) 0);
        }
    }

    @Override
    public void setPin(UserType userType, byte[] oldPin, byte[] newPin) {
        card.change(userType == UserType.SO ? 0x81 : 0x80, oldPin, newPin);
    }

    @Override
    public TokenObjectStore objects() {
        return store;
    }

    @Override
    public KeyEncryptionKey keyEncryptionKey() {
        return kek;
    }

    @Override
    public void removed() {
        kek.destroy();
        managementKey.erase();
        card.session().markRemoved();
        tickets.clear();
    }

    @Override
    public java.util.Optional<TokenObject[]> generateKeyPair(org.p11plug.spi.token.KeyPairRequest request) {
        PivSlots.Slot slot = slotOf(request.id());
        int algorithm;
        if (request.keyType() == CKK.RSA) {
            if (request.modulusBits() != 2048) {
                throw new CkException(CKR.KEY_SIZE_RANGE, "a PIV card generates RSA keys of 2,048 bits");
            }
            algorithm = ALG_RSA_2048;
        } else if (request.keyType() == CKK.EC && java.util.Arrays.equals(request.ecParams(), P256_OID)) {
            algorithm = ALG_ECC_P256;
        } else if (request.keyType() == CKK.EC && java.util.Arrays.equals(request.ecParams(), P384_OID)) {
            algorithm = ALG_ECC_P384;
        } else {
            throw new CkException(CKR.ATTRIBUTE_VALUE_INVALID, "a PIV card generates RSA-2048, P-256 and P-384 keys");
        }
        String subject = "p11plug placeholder for slot " + Integer.toHexString(slot.reference()).toUpperCase(java.util.Locale.ROOT);
        card.session().exclusive(() -> {
            card.authenticate(managementKey);
            byte[] publicKey = card.generate(slot.reference(), algorithm);
            card.putData(slot.container(), container(PlaceholderCertificate.of(publicKeyOf(algorithm, publicKey), subject)));
            return null;
        });
        List<PivObject> made = refresh(slot);
        PivObject pub = null;
        PivObject priv = null;
        for (PivObject o : made) {
            long cls = Ulong.decode(o.read(CKA.CLASS));
            if (cls == CKO.PUBLIC_KEY) {
                pub = o;
            } else if (cls == CKO.PRIVATE_KEY) {
                priv = o;
            }
        }
        if (pub == null || priv == null) {
            throw new CkException(CKR.DEVICE_ERROR, "the card did not keep the generated key");
        }
        return java.util.Optional.of(new TokenObject[] {pub, priv});
    }

    /** The slot an object's CKA_ID names: 01 9A, 02 9C, 03 9D, 04 9E, 05–18 the retired 82–95 (as OpenSC numbers them). */
    private static PivSlots.Slot slotOf(byte @Nullable [] id) {
        if (id == null || id.length != 1) {
            throw new CkException(CKR.TEMPLATE_INCOMPLETE, "CKA_ID (one byte: 01 9A, 02 9C, 03 9D, 04 9E, 05-18 retired) names the PIV slot");
        }
        int v = id[0] & 0xFF;
        int reference = switch (v) {
            case 1 -> 0x9A;
            case 2 -> 0x9C;
            case 3 -> 0x9D;
            case 4 -> 0x9E;
            default -> v >= 5 && v <= 24 ? 0x82 + v - 5 : -1;
        };
        if (reference < 0) {
            throw new CkException(CKR.ATTRIBUTE_VALUE_INVALID, "CKA_ID " + v + " names no PIV slot");
        }
        return PivSlots.of(reference);
    }

    private static java.security.PublicKey publicKeyOf(int algorithm, byte[] template) {
        try {
            if (algorithm == ALG_RSA_2048) {
                byte[] n = Ber.find(template, 0x81);
                byte[] e = Ber.find(template, 0x82);
                if (n == null || e == null) {
                    throw new CkException(CKR.DEVICE_ERROR, "the card's RSA public key is incomplete");
                }
                return SoftwareCrypto.keyFactory("RSA").generatePublic(
                        new java.security.spec.RSAPublicKeySpec(new BigInteger(1, n), new BigInteger(1, e)));
            }
            byte[] point = Ber.find(template, 0x86);
            int field = algorithm == ALG_ECC_P256 ? 32 : 48;
            if (point == null || point.length != 1 + 2 * field || point[0] != 4) {
                throw new CkException(CKR.DEVICE_ERROR, "the card's EC public key is not an uncompressed point");
            }
            java.security.AlgorithmParameters p = java.security.AlgorithmParameters.getInstance("EC");
            p.init(new java.security.spec.ECGenParameterSpec(field == 32 ? "secp256r1" : "secp384r1"));
            java.security.spec.ECParameterSpec spec = p.getParameterSpec(java.security.spec.ECParameterSpec.class);
            return SoftwareCrypto.keyFactory("EC").generatePublic(new java.security.spec.ECPublicKeySpec(
                    new java.security.spec.ECPoint(new BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 1 + field)),
                            new BigInteger(1, java.util.Arrays.copyOfRange(point, 1 + field, point.length))), spec));
        } catch (java.security.GeneralSecurityException e) {
            throw new CkException(CKR.DEVICE_ERROR, "the card's public key: " + e.getMessage());
        }
    }

    /** A certificate container: the certificate, uncompressed, and an empty error-detection code. */
    private static byte[] container(byte[] der) {
        byte[] cert = Ber.wrap(0x70, der);
        byte[] info = Ber.wrap(0x71, new byte[] {0});
        byte[] lrc = Ber.wrap(0xFE, new byte[0]);
        byte[] out = new byte[cert.length + info.length + lrc.length];
        System.arraycopy(cert, 0, out, 0, cert.length);
        System.arraycopy(info, 0, out, cert.length, info.length);
        System.arraycopy(lrc, 0, out, cert.length + info.length, lrc.length);
        return out;
    }

    /** Reads one slot's container again: its old objects leave, its new ones arrive (listeners hear both). */
    private List<PivObject> refresh(PivSlots.Slot slot) {
        return refresh(slot, card.getData(slot.container()));
    }

    /** {@link #refresh(PivSlots.Slot)} with the container's content already read. */
    private List<PivObject> refresh(PivSlots.Slot slot, byte @Nullable [] c) {
        List<PivObject> gone = new ArrayList<>();
        List<PivObject> made = new ArrayList<>();
        synchronized (this) {
            List<PivObject> all = new ArrayList<>(cardObjects());
            for (PivObject o : List.copyOf(all)) {
                if (o.slot().reference() == slot.reference()) {
                    all.remove(o);
                    gone.add(o);
                }
            }
            byte[] der = c == null ? null : certificate(c);
            if (der != null) {
                try {
                    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der));
                    addObjects(made, slot, cert, der);
                    if (slot.reference() == 0x9A) {
                        label = commonName(cert);
                    }
                } catch (CertificateException e) {
                    LOG.log(Level.WARNING, "PIV slot {0}: unreadable certificate after writing it", Integer.toHexString(slot.reference()));
                }
            }
            all.addAll(made);
            objects = all;
        }
        for (PivObject o : gone) {
            listeners.forEach(l -> l.removed(o));
        }
        for (PivObject o : made) {
            listeners.forEach(l -> l.added(o));
        }
        return made;
    }

    /**
     * After another process reset the card (and so may have written to it), every slot's
     * container is read again; slots whose certificate changed have their objects replaced, and
     * the engine hears of it.
     */
    @Override
    public void onLoginLost(Runnable action) {
        loginLostAction = action;
    }

    @Override
    public void maintain() {
        if (loginLost) {
            loginLost = false;
            loginLostAction.run();
        }
        if (!stale) {
            return;
        }
        stale = false;
        for (int reference : PivSlots.references()) {
            PivSlots.Slot slot = PivSlots.of(reference);
            byte[] container = card.getData(slot.container());
            byte[] der = container == null ? null : certificate(container);
            byte[] known = null;
            synchronized (this) {
                for (PivObject o : cardObjects()) {
                    if (o.slot().reference() == reference && Ulong.decode(o.read(CKA.CLASS)) == CKO.CERTIFICATE) {
                        known = o.read(CKA.VALUE);
                    }
                }
            }
            if (!java.util.Arrays.equals(der, known)) {
                refresh(slot, container);
            }
        }
    }

    /** The private primitive of a key slot, on the card. */
    byte[] privateOperation(PivSlots.Slot slot, int algorithm, int tag, byte[] input) {
        return card.generalAuthenticate(algorithm, slot.reference(), tag, input);
    }

    /** The objects of every key slot that has a certificate, read once. */
    private synchronized List<PivObject> cardObjects() {
        if (objects == null) {
            List<PivObject> found = new ArrayList<>();
            for (int reference : PivSlots.references()) {
                PivSlots.Slot slot = PivSlots.of(reference);
                byte[] container = card.getData(slot.container());
                byte[] der = container == null ? null : certificate(container);
                if (der == null) {
                    continue;
                }
                try {
                    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der));
                    addObjects(found, slot, cert, der);
                    if (reference == 0x9A) {
                        label = commonName(cert);
                    }
                } catch (CertificateException | RuntimeException e) {
                    LOG.log(Level.WARNING, "PIV slot {0}: unreadable certificate ({1}); its objects are not offered",
                            new Object[] {Integer.toHexString(reference), e.toString()});
                }
            }
            objects = found;
        }
        return objects;
    }

    /** The certificate of a container: tag 70, gunzipped when tag 71 says it is compressed. */
    private static byte @Nullable [] certificate(byte[] container) {
        byte[] cert = Ber.find(container, 0x70);
        byte[] info = Ber.find(container, 0x71);
        if (cert == null || cert.length == 0) {
            return null;
        }
        if (info != null && info.length > 0 && (info[0] & 0x01) != 0) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(cert))) {
                return in.readNBytes(64 * 1024);
            } catch (IOException e) {
                return null;
            }
        }
        return cert;
    }

    private void addObjects(List<PivObject> into, PivSlots.Slot slot, X509Certificate cert, byte[] der) {
        byte[] id = {(byte) slot.id()};
        byte[] label = ("Certificate for " + slot.label()).getBytes(StandardCharsets.UTF_8);
        List<StoredValue> c = common(CKO.CERTIFICATE, id, label, false);
        c.add(StoredValue.plain(CKA.CERTIFICATE_TYPE, Ulong.encode(CKC.X_509)));
        c.add(StoredValue.plain(CKA.VALUE, der));
        c.add(StoredValue.plain(CKA.SUBJECT, cert.getSubjectX500Principal().getEncoded()));
        c.add(StoredValue.plain(CKA.ISSUER, cert.getIssuerX500Principal().getEncoded()));
        c.add(StoredValue.plain(CKA.SERIAL_NUMBER, derInteger(cert.getSerialNumber())));
        c.add(StoredValue.plain(CKA.TRUSTED, new byte[] {0}));
        c.add(StoredValue.plain(CKA.CERTIFICATE_CATEGORY, Ulong.encode(1))); // token user
        into.add(new PivObject(IDS.getAndIncrement(), c, false, false, slot, 0, 0, this));

        int algorithm;
        int field = 0;
        List<StoredValue> keyAttributes = new ArrayList<>();
        if (cert.getPublicKey() instanceof RSAPublicKey rsa) {
            algorithm = ALG_RSA_2048;
            keyAttributes.add(StoredValue.plain(CKA.KEY_TYPE, Ulong.encode(CKK.RSA)));
            keyAttributes.add(StoredValue.plain(CKA.MODULUS, unsigned(rsa.getModulus())));
            keyAttributes.add(StoredValue.plain(CKA.PUBLIC_EXPONENT, unsigned(rsa.getPublicExponent())));
            keyAttributes.add(StoredValue.plain(CKA.MODULUS_BITS, Ulong.encode(rsa.getModulus().bitLength())));
        } else if (cert.getPublicKey() instanceof ECPublicKey ec) {
            field = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            algorithm = field == 32 ? ALG_ECC_P256 : ALG_ECC_P384;
            keyAttributes.add(StoredValue.plain(CKA.KEY_TYPE, Ulong.encode(CKK.EC)));
            keyAttributes.add(StoredValue.plain(CKA.EC_PARAMS, field == 32 ? P256_OID : P384_OID));
        } else {
            return;
        }
        byte[] keyLabel = slot.label().getBytes(StandardCharsets.UTF_8);
        List<StoredValue> pub = common(CKO.PUBLIC_KEY, id, keyLabel, false);
        pub.addAll(copies(keyAttributes));
        if (cert.getPublicKey() instanceof ECPublicKey ec) {
            byte[] point = new byte[1 + 2 * field];
            point[0] = 4;
            byte[] x = fixed(ec.getW().getAffineX(), field);
            byte[] y = fixed(ec.getW().getAffineY(), field);
            System.arraycopy(x, 0, point, 1, field);
            System.arraycopy(y, 0, point, 1 + field, field);
            pub.add(StoredValue.plain(CKA.EC_POINT, Ber.wrap(0x04, point)));
        }
        pub.add(bool(CKA.VERIFY, slot.signs()));
        pub.add(bool(CKA.ENCRYPT, !slot.signs() && algorithm == ALG_RSA_2048));
        pub.add(bool(CKA.WRAP, !slot.signs() && algorithm == ALG_RSA_2048));
        pub.add(bool(CKA.DERIVE, false));
        pub.add(StoredValue.plain(CKA.SUBJECT, cert.getSubjectX500Principal().getEncoded()));
        into.add(new PivObject(IDS.getAndIncrement(), pub, false, false, slot, algorithm, field, this));

        // the card authentication key (9E) is used without the PIN: a public object, as OpenSC offers it
        List<StoredValue> priv = common(CKO.PRIVATE_KEY, id, keyLabel, slot.reference() != 0x9E);
        priv.addAll(copies(keyAttributes));
        priv.add(bool(CKA.SIGN, slot.signs()));
        priv.add(bool(CKA.DECRYPT, !slot.signs() && algorithm == ALG_RSA_2048));
        priv.add(bool(CKA.UNWRAP, !slot.signs() && algorithm == ALG_RSA_2048));
        priv.add(bool(CKA.DERIVE, !slot.signs() && algorithm != ALG_RSA_2048));
        priv.add(bool(CKA.SENSITIVE, true));
        priv.add(bool(CKA.ALWAYS_SENSITIVE, true));
        priv.add(bool(CKA.EXTRACTABLE, false));
        priv.add(bool(CKA.NEVER_EXTRACTABLE, true));
        priv.add(bool(CKA.ALWAYS_AUTHENTICATE, slot.reference() == 0x9C));
        priv.add(StoredValue.plain(CKA.SUBJECT, cert.getSubjectX500Principal().getEncoded()));
        into.add(new PivObject(IDS.getAndIncrement(), priv, slot.reference() != 0x9E, true, slot, algorithm, field, this));
    }

    private static List<StoredValue> common(long objectClass, byte[] id, byte[] label, boolean isPrivate) {
        List<StoredValue> v = new ArrayList<>();
        v.add(StoredValue.plain(CKA.CLASS, Ulong.encode(objectClass)));
        v.add(StoredValue.plain(CKA.ID, id.clone()));
        v.add(StoredValue.plain(CKA.LABEL, label.clone()));
        v.add(bool(CKA.TOKEN, true));
        v.add(bool(CKA.PRIVATE, isPrivate));
        v.add(bool(CKA.MODIFIABLE, false));
        v.add(bool(CKA.COPYABLE, false));
        v.add(bool(CKA.DESTROYABLE, objectClass == CKO.CERTIFICATE)); // keys on the card stay; certificates can go
        if (objectClass != CKO.CERTIFICATE) {
            v.add(bool(CKA.LOCAL, false)); // not known: the card does not say whether it made the key
        }
        return v;
    }

    private static List<StoredValue> copies(List<StoredValue> values) {
        List<StoredValue> out = new ArrayList<>(values.size());
        for (StoredValue v : values) {
            out.add(StoredValue.plain(v.type(), v.value().clone()));
        }
        return out;
    }

    private static StoredValue bool(long type, boolean value) {
        return StoredValue.plain(type, new byte[] {(byte) (value ? 1 : 0)});
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] fixed(BigInteger v, int length) {
        byte[] b = unsigned(v);
        byte[] out = new byte[length];
        System.arraycopy(b, Math.max(0, b.length - length), out, Math.max(0, length - b.length), Math.min(length, b.length));
        return out;
    }

    private static byte[] derInteger(BigInteger v) {
        return Ber.wrap(0x02, v.toByteArray());
    }

    private static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    String cn = String.valueOf(rdn.getValue());
                    return cn.length() > 32 ? cn.substring(0, 32) : cn;
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            // no CN
        }
        return "PIV card";
    }

    private static byte @Nullable [] value(List<StoredValue> values, long type) {
        for (StoredValue v : values) {
            if (v.type() == type) {
                return v.value();
            }
        }
        return null;
    }

    private final TokenObjectStore store = new TokenObjectStore() {
        @Override
        public Collection<? extends TokenObject> list() {
            return cardObjects();
        }

        /** Imports a certificate into the slot its CKA_ID names; the card holds nothing else. */
        @Override
        public TokenObject create(List<StoredValue> values, boolean isPrivate) {
            byte[] cls = value(values, CKA.CLASS);
            byte[] der = value(values, CKA.VALUE);
            if (cls == null || Ulong.decode(cls) != CKO.CERTIFICATE || der == null) {
                throw new CkException(CKR.TEMPLATE_INCONSISTENT,
                        "a PIV card holds certificates and the keys it generates itself; private keys cannot be imported");
            }
            PivSlots.Slot slot = slotOf(value(values, CKA.ID));
            try {
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            } catch (CertificateException e) {
                throw new CkException(CKR.ATTRIBUTE_VALUE_INVALID, "CKA_VALUE is not an X.509 certificate");
            }
            card.session().exclusive(() -> {
                card.authenticate(managementKey);
                card.putData(slot.container(), container(der));
                return null;
            });
            for (PivObject o : refresh(slot)) {
                if (Ulong.decode(o.read(CKA.CLASS)) == CKO.CERTIFICATE) {
                    return o;
                }
            }
            throw new CkException(CKR.DEVICE_ERROR, "the card did not keep the certificate");
        }

        /** Removes a certificate (its slot's container emptied); keys on the card are not destroyable. */
        @Override
        public void destroy(TokenObject object) {
            if (!(object instanceof PivObject o) || Ulong.decode(o.read(CKA.CLASS)) != CKO.CERTIFICATE) {
                throw new CkException(CKR.ACTION_PROHIBITED, "only certificates can be removed from a PIV card");
            }
            card.session().exclusive(() -> {
                card.authenticate(managementKey);
                card.putData(o.slot().container(), new byte[0]);
                return null;
            });
            refresh(o.slot());
        }

        @Override
        public void addListener(TokenObjectListener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(TokenObjectListener listener) {
            listeners.remove(listener);
        }
    };
}
