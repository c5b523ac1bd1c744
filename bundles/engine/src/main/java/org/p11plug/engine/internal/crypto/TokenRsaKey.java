package org.p11plug.engine.internal.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.p11plug.spi.token.TokenKey;

/**
 * An RSA private key on the token: Bouncy Castle's key type (so the encodings built on an RSA
 * primitive take it as they take a software key) holding the public modulus and exponent and
 * the token's primitive. {@link RsaPrimitive} sends the private operation to the token.
 */
final class TokenRsaKey extends RSAKeyParameters {
    private final TokenKey token;

    TokenRsaKey(BigInteger modulus, BigInteger publicExponent, TokenKey token) {
        super(true, modulus, publicExponent);
        this.token = token;
    }

    TokenKey token() {
        return token;
    }
}
