package org.p11plug.spi.store;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The bytes of one object's attributes, held the way its store holds them. The store owns the
 * bytes; the engine owns their meaning (visibility, policy, indexes). Thread safety: reads may
 * run concurrently with each other; the engine never reads an object while it updates, migrates
 * or destroys it (it holds its own lock per object), so a store needs no locking of its own for
 * that.
 */
@ConsumerType
public interface StoredObject {
    /** The identity the values are bound to (a store may use it as associated data). */
    long id();

    /** The attribute types present, in insertion order. */
    long[] types();

    boolean has(long type);

    /** @return the value's length in bytes, or -1 when absent */
    int length(long type);

    boolean isSecret(long type);

    /**
     * A copy of a value that is not secret; the caller owns it.
     *
     * @throws IllegalStateException for a secret value (use {@link #withSecret})
     * @throws java.util.NoSuchElementException when absent
     */
    byte[] read(long type);

    /** Whether a value that is not secret equals the given bytes; secrets never match. */
    boolean matches(long type, byte[] expected);

    /**
     * Lends a value (secret or not) for one call; the array is erased when {@code use} returns
     * or throws.
     *
     * @throws java.util.NoSuchElementException when absent
     */
    <R> R withSecret(long type, SecretFunction<R> use);

    /**
     * Copies of every value, secrets included, in one pass: what a migration to another store
     * takes. The caller owns the arrays and must erase the secret ones.
     */
    default List<StoredValue> copyAll() {
        long[] types = types();
        List<StoredValue> all = new java.util.ArrayList<>(types.length);
        for (long type : types) {
            boolean secret = isSecret(type);
            all.add(new StoredValue(type, secret ? withSecret(type, byte[]::clone) : read(type), secret));
        }
        return all;
    }

    /** Adds or replaces values, all or none (a token backend persists them in one write). */
    void update(List<StoredValue> values);

    /** Approximate storage the object takes, for {@code C_GetObjectSize}. */
    long size();

    /**
     * Whether the engine may keep primitives prepared from this object's key material between
     * operations (an AES cipher with its expanded key schedule, reused while the key lives and
     * dropped when it is destroyed). A store that holds key material plainly on the heap
     * gains speed and loses nothing; a store that protects it in memory (wrapping, off-heap
     * locking) answers false, and every operation then prepares its primitive afresh.
     */
    default boolean allowsPreparedKeys() {
        return false;
    }
}
