package org.p11plug.conformance;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import org.p11plug.api.CkVersion;
import org.p11plug.api.SlotInfo;
import org.p11plug.api.TokenInfo;
import org.p11plug.api.UserType;
import org.p11plug.api.ck.CK;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKF;
import org.p11plug.api.ck.CKK;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.ck.CKR;
import org.p11plug.api.CkException;
import org.p11plug.api.raw.Ulong;
import org.p11plug.spi.store.ArrayStoredObject;
import org.p11plug.spi.store.KeyEncryptionKey;
import org.p11plug.spi.store.SecretFunction;
import org.p11plug.spi.store.StoredValue;
import org.p11plug.spi.token.BackendListener;
import org.p11plug.spi.token.BackendSlot;
import org.p11plug.spi.token.BackendToken;
import org.p11plug.spi.token.LoginTicket;
import org.p11plug.spi.token.TokenBackend;
import org.p11plug.spi.token.TokenKey;
import org.p11plug.spi.token.TokenObject;
import org.p11plug.spi.token.TokenObjectListener;
import org.p11plug.spi.token.TokenObjectStore;

/**
 * The smallest token whose private keys never leave it, as a smart card keeps them: an RSA and
 * an EC key whose {@link TokenKey} primitives run on JDK keys the engine never sees, and count
 * how often they are asked. What the engine builds around the primitive (hashing, padding,
 * unpadding, public-key operations) is its own.
 */
final class KeyCardBackend implements TokenBackend {
    static final long SLOT = 42;
    static final byte[] PIN = "246810".getBytes(StandardCharsets.US_ASCII);
    final AtomicInteger primitiveCalls = new AtomicInteger();
    private final List<CardKey> keys = new ArrayList<>();
    private boolean loggedIn;

    KeyCardBackend(KeyPair rsa, KeyPair ec, byte[] ecParams) {
        RSAPublicKey r = (RSAPublicKey) rsa.getPublic();
        keys.add(new CardKey(1, rsa.getPrivate(), List.of(
                StoredValue.plain(CKA.CLASS, Ulong.encode(CKO.PRIVATE_KEY)), StoredValue.plain(CKA.KEY_TYPE, Ulong.encode(CKK.RSA)),
                StoredValue.plain(CKA.LABEL, "card RSA".getBytes(StandardCharsets.UTF_8)), StoredValue.plain(CKA.ID, new byte[] {1}),
                StoredValue.plain(CKA.MODULUS, unsigned(r.getModulus())), StoredValue.plain(CKA.PUBLIC_EXPONENT, unsigned(r.getPublicExponent())),
                bool(CKA.SIGN), bool(CKA.DECRYPT), bool(CKA.UNWRAP))));
        keys.add(new CardKey(2, ec.getPrivate(), List.of(
                StoredValue.plain(CKA.CLASS, Ulong.encode(CKO.PRIVATE_KEY)), StoredValue.plain(CKA.KEY_TYPE, Ulong.encode(CKK.EC)),
                StoredValue.plain(CKA.LABEL, "card EC".getBytes(StandardCharsets.UTF_8)), StoredValue.plain(CKA.ID, new byte[] {2}),
                StoredValue.plain(CKA.EC_PARAMS, ecParams), bool(CKA.SIGN), bool(CKA.DERIVE))));
    }

    private static StoredValue bool(long type) {
        return StoredValue.plain(type, new byte[] {1});
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /** A private key object whose private primitive runs "on the card". */
    private final class CardKey extends ArrayStoredObject implements TokenObject, TokenKey {
        private final PrivateKey key;

        CardKey(long id, PrivateKey key, List<StoredValue> attributes) {
            super(id, withCommon(attributes));
            this.key = key;
        }

        @Override
        public boolean isPrivate() {
            return true;
        }

        @Override
        public boolean allowsPreparedKeys() {
            return false;
        }

        @Override
        public byte[] rsaPrivate(byte[] block) {
            requireLogin();
            primitiveCalls.incrementAndGet();
            try {
                Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
                raw.init(Cipher.DECRYPT_MODE, key);
                byte[] out = raw.doFinal(block);
                byte[] k = new byte[block.length];
                System.arraycopy(out, 0, k, k.length - out.length, out.length);
                return k;
            } catch (java.security.GeneralSecurityException e) {
                throw new CkException(CKR.DEVICE_ERROR, e.toString());
            }
        }

        @Override
        public byte[] ecdsaSign(byte[] digest) {
            requireLogin();
            primitiveCalls.incrementAndGet();
            try {
                Signature s = Signature.getInstance("NONEwithECDSAinP1363Format");
                s.initSign(key);
                s.update(digest);
                return s.sign();
            } catch (java.security.GeneralSecurityException e) {
                throw new CkException(CKR.DEVICE_ERROR, e.toString());
            }
        }

        @Override
        public byte[] ecdhAgree(byte[] otherPoint) {
            requireLogin();
            primitiveCalls.incrementAndGet();
            try {
                java.security.spec.ECParameterSpec params = ((java.security.interfaces.ECPrivateKey) key).getParams();
                int n = (otherPoint.length - 1) / 2;
                java.security.spec.ECPoint w = new java.security.spec.ECPoint(
                        new BigInteger(1, java.util.Arrays.copyOfRange(otherPoint, 1, 1 + n)),
                        new BigInteger(1, java.util.Arrays.copyOfRange(otherPoint, 1 + n, otherPoint.length)));
                KeyAgreement a = KeyAgreement.getInstance("ECDH");
                a.init(key);
                a.doPhase(java.security.KeyFactory.getInstance("EC").generatePublic(new java.security.spec.ECPublicKeySpec(w, params)), true);
                return a.generateSecret();
            } catch (java.security.GeneralSecurityException e) {
                throw new CkException(CKR.DEVICE_ERROR, e.toString());
            }
        }
    }

    private static List<StoredValue> withCommon(List<StoredValue> attributes) {
        List<StoredValue> all = new ArrayList<>(attributes);
        all.add(bool(CKA.TOKEN));
        all.add(bool(CKA.PRIVATE));
        all.add(bool(CKA.SENSITIVE));
        all.add(StoredValue.plain(CKA.EXTRACTABLE, new byte[] {0}));
        all.add(StoredValue.plain(CKA.MODIFIABLE, new byte[] {0}));
        all.add(StoredValue.plain(CKA.DESTROYABLE, new byte[] {0}));
        all.add(bool(CKA.LOCAL));
        all.add(bool(CKA.ALWAYS_SENSITIVE));
        all.add(bool(CKA.NEVER_EXTRACTABLE));
        return all;
    }

    private synchronized void requireLogin() {
        if (!loggedIn) {
            throw new CkException(CKR.USER_NOT_LOGGED_IN, "the card wants its PIN");
        }
    }

    private final BackendToken token = new BackendToken() {
        @Override
        public TokenInfo info() {
            return new TokenInfo("key card", "p11plug tests", "key card", "0001",
                    CKF.LOGIN_REQUIRED | CKF.TOKEN_INITIALIZED | CKF.USER_PIN_INITIALIZED | CKF.WRITE_PROTECTED,
                    CK.EFFECTIVELY_INFINITE, CK.UNAVAILABLE_INFORMATION, CK.EFFECTIVELY_INFINITE, CK.UNAVAILABLE_INFORMATION,
                    8, 6, CK.UNAVAILABLE_INFORMATION, CK.UNAVAILABLE_INFORMATION, CK.UNAVAILABLE_INFORMATION,
                    CK.UNAVAILABLE_INFORMATION, new CkVersion(1, 0), new CkVersion(1, 0), "");
        }

        @Override
        public void initToken(byte[] soPin, String label) {
            throw new CkException(CKR.FUNCTION_NOT_SUPPORTED);
        }

        @Override
        public LoginTicket login(UserType userType, byte[] pin) {
            if (userType != UserType.USER || !java.util.Arrays.equals(pin, PIN)) {
                throw new CkException(CKR.PIN_INCORRECT);
            }
            synchronized (KeyCardBackend.this) {
                loggedIn = true;
            }
            return new LoginTicket() {
                @Override
                public UserType userType() {
                    return UserType.USER;
                }

                @Override
                public void close() {
                    synchronized (KeyCardBackend.this) {
                        loggedIn = false;
                    }
                }
            };
        }

        @Override
        public void reauthenticate(LoginTicket ticket, byte[] pin) {
            login(UserType.USER, pin);
        }

        @Override
        public void initPin(LoginTicket so, byte[] newPin) {
            throw new CkException(CKR.FUNCTION_NOT_SUPPORTED);
        }

        @Override
        public void setPin(UserType userType, byte[] oldPin, byte[] newPin) {
            throw new CkException(CKR.FUNCTION_NOT_SUPPORTED);
        }

        @Override
        public TokenObjectStore objects() {
            return store;
        }

        @Override
        public KeyEncryptionKey keyEncryptionKey() {
            return kek;
        }
    };

    private final KeyEncryptionKey kek = new KeyEncryptionKey() {
        private final byte[] key = new byte[32];

        @Override
        public <R> R withKey(SecretFunction<R> use) {
            return use.apply(key.clone());
        }

        @Override
        public boolean isDestroyed() {
            return false;
        }

        @Override
        public void destroy() {
        }
    };

    private final TokenObjectStore store = new TokenObjectStore() {
        @Override
        public Collection<? extends TokenObject> list() {
            return List.copyOf(keys); // the engine shows private objects to logged-in applications only
        }

        @Override
        public TokenObject create(List<StoredValue> values, boolean isPrivate) {
            throw new CkException(CKR.TOKEN_WRITE_PROTECTED);
        }

        @Override
        public void destroy(TokenObject object) {
            throw new CkException(CKR.ACTION_PROHIBITED);
        }

        @Override
        public void addListener(TokenObjectListener listener) {
        }

        @Override
        public void removeListener(TokenObjectListener listener) {
        }
    };

    private final BackendSlot slot = new BackendSlot() {
        @Override
        public long id() {
            return SLOT;
        }

        @Override
        public SlotInfo info() {
            return new SlotInfo("key card reader", "p11plug tests", CKF.TOKEN_PRESENT | CKF.REMOVABLE_DEVICE | CKF.HW_SLOT,
                    new CkVersion(1, 0), new CkVersion(1, 0));
        }

        @Override
        public Optional<BackendToken> token() {
            return Optional.of(token);
        }
    };

    @Override
    public String name() {
        return "key card";
    }

    @Override
    public List<? extends BackendSlot> slots() {
        return List.of(slot);
    }

    @Override
    public void addListener(BackendListener listener) {
    }

    @Override
    public void removeListener(BackendListener listener) {
    }
}
