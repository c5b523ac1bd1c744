package org.p11plug.engine.internal.crypto;

import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.jspecify.annotations.Nullable;

/**
 * The RSA primitive every RSA mechanism is built on: Bouncy Castle's blinded engine for keys in
 * software, the token for a {@link TokenRsaKey}. PKCS #1 v1.5, PSS and OAEP wrap this, so a key
 * on a card signs and decrypts with each of them while the card only does raw RSA.
 */
final class RsaPrimitive implements AsymmetricBlockCipher {
    private final RSABlindedEngine software = new RSABlindedEngine();
    private @Nullable TokenRsaKey token;
    private boolean forEncryption;

    @Override
    public void init(boolean forEncryption, CipherParameters parameters) {
        this.forEncryption = forEncryption;
        CipherParameters key = parameters instanceof ParametersWithRandom r ? r.getParameters() : parameters;
        token = key instanceof TokenRsaKey t ? t : null;
        if (token == null) {
            software.init(forEncryption, parameters);
        }
    }

    @Override
    public int getInputBlockSize() {
        if (token == null) {
            return software.getInputBlockSize();
        }
        int bits = token.getModulus().bitLength();
        return forEncryption ? (bits - 1) / 8 : (bits + 7) / 8;
    }

    @Override
    public int getOutputBlockSize() {
        if (token == null) {
            return software.getOutputBlockSize();
        }
        int bits = token.getModulus().bitLength();
        return forEncryption ? (bits + 7) / 8 : (bits - 1) / 8;
    }

    @Override
    public byte[] processBlock(byte[] in, int offset, int length) {
        if (token == null) {
            return software.processBlock(in, offset, length);
        }
        int k = (token.getModulus().bitLength() + 7) / 8;
        byte[] block = new byte[k];
        System.arraycopy(in, offset, block, k - length, length);
        byte[] out = token.token().rsaPrivate(block);
        if (forEncryption) {
            return out; // a signature: k bytes
        }
        // a decryption: as Bouncy Castle's engine, without the leading zero byte
        int skip = 0;
        while (skip < out.length - 1 && out[skip] == 0 && out.length - skip > getOutputBlockSize()) {
            skip++;
        }
        return skip == 0 ? out : java.util.Arrays.copyOfRange(out, skip, out.length);
    }
}
