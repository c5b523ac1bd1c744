package org.p11plug.jca.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidParameterException;
import java.security.KeyPair;
import java.security.KeyPairGeneratorSpi;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.jspecify.annotations.Nullable;
import org.p11plug.api.CkException;
import org.p11plug.api.Mechanism;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKM;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.jca.P11KeyGenParameterSpec;
import org.p11plug.spi.crypto.SoftwareCrypto;

/**
 * Key pairs generated on the token: RSA (by size or {@link RSAKeyGenParameterSpec}), EC (named
 * curves), Ed25519/Ed448 and X25519/X448 (for key agreement). The private key stays on the token; the public key comes back as a
 * JDK key made from CKA_PUBLIC_KEY_INFO. Session pairs (the default) keep only the private key
 * object, destroyed when the program drops it; {@link P11KeyGenParameterSpec#onToken} keeps both
 * on the token, labelled, for the KeyStore.
 */
public final class P11KeyPairGenerator extends KeyPairGeneratorSpi {
    private final TokenSessions token;
    private final String algorithm;
    private AlgorithmParameterSpec spec;
    private boolean onToken;
    private @Nullable String label;
    private byte @Nullable [] id;

    public P11KeyPairGenerator(TokenSessions token, String algorithm) {
        this.token = token;
        this.algorithm = algorithm;
        this.spec = switch (algorithm) {
            case "RSA" -> new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4);
            case "EC" -> new ECGenParameterSpec("secp256r1");
            case "Ed448" -> NamedParameterSpec.ED448;
            case "X448" -> NamedParameterSpec.X448;
            case "X25519", "XDH" -> NamedParameterSpec.X25519;
            default -> NamedParameterSpec.ED25519;
        };
    }

    @Override
    public void initialize(int keysize, SecureRandom random) {
        switch (algorithm) {
            case "RSA" -> spec = new RSAKeyGenParameterSpec(keysize, RSAKeyGenParameterSpec.F4);
            case "EC" -> spec = new ECGenParameterSpec(switch (keysize) {
                case 256 -> "secp256r1";
                case 384 -> "secp384r1";
                case 521 -> "secp521r1";
                default -> throw new InvalidParameterException("EC key size " + keysize);
            });
            case "XDH" -> spec = switch (keysize) {
                case 255 -> NamedParameterSpec.X25519;
                case 448 -> NamedParameterSpec.X448;
                default -> throw new InvalidParameterException("XDH key size " + keysize);
            };
            default -> {
                if (keysize != (algorithm.endsWith("448") ? 448 : 255)) {
                    throw new InvalidParameterException(algorithm + " key size " + keysize);
                }
            }
        }
    }

    @Override
    public void initialize(AlgorithmParameterSpec params, SecureRandom random) throws InvalidAlgorithmParameterException {
        AlgorithmParameterSpec inner = params;
        boolean keep = false;
        String l = null;
        byte[] i = null;
        if (params instanceof P11KeyGenParameterSpec p) {
            if (p.algorithmSpec() == null) {
                throw new InvalidAlgorithmParameterException("a secret key's parameters for a key pair generator");
            }
            inner = p.algorithmSpec();
            keep = p.onToken();
            l = p.label();
            i = p.id();
        }
        boolean fits = switch (algorithm) {
            case "RSA" -> inner instanceof RSAKeyGenParameterSpec;
            case "EC" -> inner instanceof ECGenParameterSpec;
            default -> inner instanceof NamedParameterSpec;
        };
        if (!fits) {
            throw new InvalidAlgorithmParameterException(inner + " for " + algorithm);
        }
        spec = inner;
        onToken = keep;
        label = l;
        id = i;
    }

    @Override
    public KeyPair generateKeyPair() {
        List<RawAttribute> publicTemplate = new ArrayList<>();
        List<RawAttribute> privateTemplate = new ArrayList<>();
        long mechanism;
        try {
            switch (algorithm) {
                case "RSA" -> {
                    RSAKeyGenParameterSpec rsa = (RSAKeyGenParameterSpec) spec;
                    mechanism = CKM.RSA_PKCS_KEY_PAIR_GEN;
                    publicTemplate.add(RawAttribute.ofLong(CKA.MODULUS_BITS, rsa.getKeysize()));
                    publicTemplate.add(RawAttribute.of(CKA.PUBLIC_EXPONENT, PublicKeys.unsigned(rsa.getPublicExponent())));
                }
                case "EC" -> {
                    mechanism = CKM.EC_KEY_PAIR_GEN;
                    String name = ((ECGenParameterSpec) spec).getName();
                    ASN1ObjectIdentifier oid = name.matches("[0-9.]+") ? new ASN1ObjectIdentifier(name)
                            : ECNamedCurveTable.getOID(name.equals("prime256v1") ? "secp256r1" : name);
                    if (oid == null) {
                        throw new InvalidParameterException("unknown curve " + name);
                    }
                    publicTemplate.add(RawAttribute.of(CKA.EC_PARAMS, oid.getEncoded(ASN1Encoding.DER)));
                }
                case "X25519", "X448", "XDH" -> {
                    mechanism = CKM.EC_MONTGOMERY_KEY_PAIR_GEN;
                    boolean x448 = ((NamedParameterSpec) spec).getName().equalsIgnoreCase("X448");
                    publicTemplate.add(RawAttribute.of(CKA.EC_PARAMS,
                            new ASN1ObjectIdentifier(x448 ? "1.3.101.111" : "1.3.101.110").getEncoded(ASN1Encoding.DER)));
                }
                default -> {
                    mechanism = CKM.EC_EDWARDS_KEY_PAIR_GEN;
                    boolean ed448 = ((NamedParameterSpec) spec).getName().equalsIgnoreCase("Ed448");
                    publicTemplate.add(RawAttribute.of(CKA.EC_PARAMS,
                            new ASN1ObjectIdentifier(ed448 ? "1.3.101.113" : "1.3.101.112").getEncoded(ASN1Encoding.DER)));
                }
            }
        } catch (IOException e) {
            throw new ProviderException(e);
        }
        boolean agreementOnly = keyFactory().equals("XDH");
        publicTemplate.add(RawAttribute.ofBoolean(CKA.TOKEN, onToken));
        publicTemplate.add(RawAttribute.ofBoolean(CKA.VERIFY, !agreementOnly));
        privateTemplate.add(RawAttribute.ofBoolean(CKA.TOKEN, onToken));
        privateTemplate.add(RawAttribute.ofBoolean(CKA.SIGN, !agreementOnly));
        if (agreementOnly || algorithm.equals("EC")) {
            privateTemplate.add(RawAttribute.ofBoolean(CKA.DERIVE, true)); // ECDH, X25519, X448
        }
        privateTemplate.add(RawAttribute.ofBoolean(CKA.SENSITIVE, true));
        privateTemplate.add(RawAttribute.ofBoolean(CKA.EXTRACTABLE, false));
        if (algorithm.equals("RSA")) {
            publicTemplate.add(RawAttribute.ofBoolean(CKA.ENCRYPT, true));
            privateTemplate.add(RawAttribute.ofBoolean(CKA.DECRYPT, true));
        }
        if (label != null) {
            publicTemplate.add(RawAttribute.ofUtf8(CKA.LABEL, label));
            privateTemplate.add(RawAttribute.ofUtf8(CKA.LABEL, label));
        }
        if (id != null) {
            publicTemplate.add(RawAttribute.of(CKA.ID, id));
            privateTemplate.add(RawAttribute.of(CKA.ID, id));
        }
        Mechanism m = Mechanism.of(mechanism);
        RawAttribute[] pub = publicTemplate.toArray(new RawAttribute[0]);
        RawAttribute[] priv = privateTemplate.toArray(new RawAttribute[0]);
        try {
            // session pairs belong to the provider's keeper session, which outlives the pool's sessions
            long[] pair = onToken ? token.withSession(s -> token.p11().generateKeyPair(s, m, pub, priv))
                    : token.withKeeper(s -> token.p11().generateKeyPair(s, m, pub, priv));
            byte[] spki = token.withSession(s -> PublicKeys.subjectPublicKeyInfo(token.p11(), s, pair[0]));
            if (!onToken) {
                token.withKeeper(s -> {
                    token.p11().destroyObject(s, pair[0]); // the JDK public key below is all a program needs
                    return null;
                });
            }
            PublicKey publicKey = SoftwareCrypto.keyFactory(keyFactory()).generatePublic(new X509EncodedKeySpec(spki));
            P11PrivateKey privateKey = P11PrivateKey.of(token, pair[1]);
            if (!onToken) {
                token.destroyWhenUnreachable(privateKey, pair[1]);
            }
            return new KeyPair(publicKey, privateKey);
        } catch (CkException | GeneralSecurityException e) {
            throw new ProviderException("C_GenerateKeyPair: " + e.getMessage(), e);
        }
    }

    /** The JDK key factory for the public key. */
    private String keyFactory() {
        return switch (algorithm) {
            case "RSA", "EC" -> algorithm;
            case "X25519", "X448", "XDH" -> "XDH";
            default -> "EdDSA";
        };
    }
}
