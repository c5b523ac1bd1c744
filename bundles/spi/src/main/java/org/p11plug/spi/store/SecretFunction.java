package org.p11plug.spi.store;

/**
 * Work done with secret bytes for the length of one call. The array is valid only inside
 * {@link #apply}: the lender erases it when the call returns, so the function must not keep it
 * (copies the function makes are its own to erase).
 *
 * @param <R> what the work produces
 */
@FunctionalInterface
public interface SecretFunction<R> {
    R apply(byte[] secret);
}
