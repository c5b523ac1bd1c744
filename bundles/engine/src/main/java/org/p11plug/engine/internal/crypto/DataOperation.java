package org.p11plug.engine.internal.crypto;

/**
 * An encryption, decryption, digest or signature in progress: single-part through
 * {@link #single}, multi-part through {@link #update} and {@link #finish}. Lengths are asked
 * before the work, so that a length query or a too-small buffer leaves the operation untouched.
 * Closing erases whatever key material and buffered data it holds.
 */
public interface DataOperation extends AutoCloseable {
    OutputLength singleLength(int inputLength);

    byte[] single(byte[] input);

    /** Must be exact: updates are never redone. */
    OutputLength updateLength(int inputLength);

    byte[] update(byte[] input);

    OutputLength finalLength();

    byte[] finish();

    @Override
    void close();
}
