package org.p11plug.jca.internal;

import java.security.interfaces.RSAPublicKey;
import javax.crypto.SecretKey;

/** What the provider's services claim when the JCA picks a provider for a key (delayed provider selection). */
public final class Keys {
    private Keys() {
    }

    /** A private or secret key of this token. */
    public static boolean ofToken(TokenSessions token, Object key) {
        return key instanceof P11PrivateKey p && p.token() == token || key instanceof P11SecretKey s && s.token() == token;
    }

    /** A secret key with its value, which the token takes for the call. */
    public static boolean isRawSecret(Object key) {
        return key instanceof SecretKey k && !(key instanceof P11SecretKey) && "RAW".equalsIgnoreCase(k.getFormat());
    }

    /** An RSA private key of this token (decryption) or any RSA public key (encryption). */
    public static boolean isRsaFor(TokenSessions token, Object key) {
        return key instanceof P11PrivateKey.Rsa p && p.token() == token || key instanceof RSAPublicKey;
    }

}
