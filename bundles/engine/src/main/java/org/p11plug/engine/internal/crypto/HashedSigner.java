package org.p11plug.engine.internal.crypto;

import java.security.MessageDigest;

/**
 * Hash-then-sign for the CKM_SHA*_RSA_PKCS, CKM_SHA*_RSA_PKCS_PSS and CKM_ECDSA_SHA* mechanisms:
 * the JDK's digest (with its SHA intrinsics) takes the message in parts, and a signer of digests
 * signs or verifies the result.
 */
final class HashedSigner implements MessageSigner {
    private final MessageDigest digest;
    private final MessageSigner ofDigest;

    HashedSigner(Hashes.Hash hash, MessageSigner ofDigest) {
        this.digest = Digests.jdk(hash);
        this.ofDigest = ofDigest;
    }

    @Override
    public void update(byte[] part) {
        digest.update(part);
    }

    @Override
    public byte[] sign() {
        ofDigest.update(digest.digest());
        return ofDigest.sign();
    }

    @Override
    public void verify(byte[] signature) {
        ofDigest.update(digest.digest());
        ofDigest.verify(signature);
    }

    @Override
    public int signatureLength() {
        return ofDigest.signatureLength();
    }

    @Override
    public void destroy() {
        digest.reset();
        ofDigest.destroy();
    }
}
