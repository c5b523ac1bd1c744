package org.p11plug.engine.internal.crypto;

/**
 * Adapters from a {@link MessageSigner} to the session's operation shapes: signing as a data
 * operation (output only at the end, of known length) and verification.
 */
final class SignatureOperations {
    private static final byte[] NONE = new byte[0];

    private SignatureOperations() {
    }

    static DataOperation signing(MessageSigner signer) {
        return new DataOperation() {
            @Override
            public OutputLength singleLength(int inputLength) {
                return OutputLength.exactly(signer.signatureLength());
            }

            @Override
            public byte[] single(byte[] input) {
                signer.update(input);
                return signer.sign();
            }

            @Override
            public OutputLength updateLength(int inputLength) {
                return OutputLength.exactly(0);
            }

            @Override
            public byte[] update(byte[] input) {
                signer.update(input);
                return NONE;
            }

            @Override
            public OutputLength finalLength() {
                return OutputLength.exactly(signer.signatureLength());
            }

            @Override
            public byte[] finish() {
                return signer.sign();
            }

            @Override
            public void close() {
                signer.destroy();
            }
        };
    }

    static VerifyOperation verifying(MessageSigner signer) {
        return new VerifyOperation() {
            @Override
            public void verify(byte[] data, byte[] signature) {
                signer.update(data);
                signer.verify(signature);
            }

            @Override
            public void update(byte[] part) {
                signer.update(part);
            }

            @Override
            public void verifyFinal(byte[] signature) {
                signer.verify(signature);
            }

            @Override
            public void close() {
                signer.destroy();
            }
        };
    }
}
