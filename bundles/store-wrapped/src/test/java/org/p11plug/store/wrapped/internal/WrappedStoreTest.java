package org.p11plug.store.wrapped.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p11plug.spi.store.KeyEncryptionKey;
import org.p11plug.spi.store.PartitionContext;
import org.p11plug.spi.store.SecretFunction;
import org.p11plug.spi.store.StorePartition;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;

/**
 * The wrapped store's claims: secrets are held only sealed, a sealed value opens only for the
 * object and attribute it was made for, and losing the KEK or the partition makes every value
 * unreadable at once.
 */
class WrappedStoreTest {
    private static final long CKA_VALUE = 0x11;
    private static final long CKA_LABEL = 0x3;
    private final TestKek kek = new TestKek();
    private final WrappedSessionObjectStore store = new WrappedSessionObjectStore();

    @AfterEach
    void stop() {
        store.shutdown();
    }

    @Test
    void aSecretIsHeldOnlySealedAndLentForOneCall() {
        StorePartition p = store.openPartition(context(kek));
        byte[] secret = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        byte[] label = {'l'};
        StoredObject o = p.store(7, List.of(StoredValue.secret(CKA_VALUE, secret), StoredValue.plain(CKA_LABEL, label)));
        assertThat("the plaintext handed in is overwritten", secret, is(new byte[16]));
        assertThat("plain values are kept as given", label, is(new byte[] {'l'}));
        assertThat(o.length(CKA_VALUE), is(16));
        byte[][] lent = new byte[1][];
        byte[] copy = o.withSecret(CKA_VALUE, v -> {
            lent[0] = v;
            return v.clone();
        });
        assertThat(copy, is(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}));
        assertThat("the lent plaintext is overwritten when the call returns", lent[0], is(new byte[16]));
        assertThrows(IllegalStateException.class, () -> o.read(CKA_VALUE));
        assertThat(o.matches(CKA_VALUE, copy), is(false));
    }

    @Test
    void aSealedValueOpensOnlyForItsObjectAndAttribute() {
        Wrapping w = new Wrapping(new PartitionKey(kek));
        byte[] plain = "the key of object 1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] blob = w.seal(1, CKA_VALUE, plain);
        assertThat(Arrays.equals(Arrays.copyOfRange(blob, Wrapping.NONCE, Wrapping.NONCE + plain.length), plain), is(false));
        assertThat(w.open(1, CKA_VALUE, blob), is(plain));
        IllegalStateException swapped = assertThrows(IllegalStateException.class, () -> w.open(2, CKA_VALUE, blob));
        assertThat(swapped.getMessage(), containsString("authentication"));
        assertThrows(IllegalStateException.class, () -> w.open(1, 0x120, blob));
        byte[] tampered = blob.clone();
        tampered[Wrapping.NONCE] ^= 1;
        assertThrows(IllegalStateException.class, () -> w.open(1, CKA_VALUE, tampered));
        assertThat("a second sealing uses a new nonce", w.seal(1, CKA_VALUE, plain), not(is(blob)));
    }

    @Test
    void twoPartitionsOfOneTokenHaveDifferentKeys() {
        Wrapping a = new Wrapping(new PartitionKey(kek));
        Wrapping b = new Wrapping(new PartitionKey(kek));
        byte[] blob = a.seal(1, CKA_VALUE, new byte[32]);
        assertThrows(IllegalStateException.class, () -> b.open(1, CKA_VALUE, blob));
    }

    @Test
    void destroyingTheKekMakesEveryValueUnreadable() {
        StorePartition p = store.openPartition(context(kek));
        StoredObject o = p.store(1, List.of(StoredValue.secret(CKA_VALUE, new byte[] {1, 2, 3}),
                StoredValue.plain(CKA_LABEL, new byte[] {'x'})));
        kek.destroy();
        assertThrows(IllegalStateException.class, () -> o.withSecret(CKA_VALUE, byte[]::clone));
        assertThat("plain values stay readable", o.read(CKA_LABEL), is(new byte[] {'x'}));
    }

    @Test
    void closingThePartitionErasesItsKeyAndObjects() {
        StorePartition p = store.openPartition(context(kek));
        StoredObject o = p.store(1, List.of(StoredValue.secret(CKA_VALUE, new byte[] {1, 2, 3})));
        assertThat(store.objectCount(), is(1L));
        p.close();
        assertThat(store.objectCount(), is(0L));
        assertThrows(IllegalStateException.class, () -> o.withSecret(CKA_VALUE, byte[]::clone));
    }

    @Test
    void anUpdateSealsNewSecretsAndKeepsTheOthers() {
        StorePartition p = store.openPartition(context(kek));
        StoredObject o = p.store(1, List.of(StoredValue.secret(CKA_VALUE, new byte[] {1}),
                StoredValue.plain(CKA_LABEL, new byte[] {'a'})));
        byte[] fresh = {4, 4};
        o.update(List.of(StoredValue.secret(0x128, fresh), StoredValue.plain(CKA_LABEL, new byte[] {'b'})));
        assertThat(fresh, is(new byte[2]));
        assertThat(o.withSecret(0x128, byte[]::clone), is(new byte[] {4, 4}));
        assertThat(o.withSecret(CKA_VALUE, byte[]::clone), is(new byte[] {1}));
        assertThat(o.read(CKA_LABEL), is(new byte[] {'b'}));
        assertThat(o.allowsPreparedKeys(), is(false));
    }

    static PartitionContext context(KeyEncryptionKey kek) {
        return new PartitionContext() {
            @Override
            public String owner() {
                return "test";
            }

            @Override
            public KeyEncryptionKey keyEncryptionKey() {
                return kek;
            }
        };
    }

    /** A KEK on the heap: enough for the store's logic. */
    static final class TestKek implements KeyEncryptionKey {
        private final byte[] key = new byte[32];
        private boolean destroyed;

        TestKek() {
            new java.security.SecureRandom().nextBytes(key);
        }

        @Override
        public <R> R withKey(SecretFunction<R> use) {
            if (destroyed) {
                throw new IllegalStateException("destroyed");
            }
            return use.apply(key.clone());
        }

        @Override
        public boolean isDestroyed() {
            return destroyed;
        }

        @Override
        public void destroy() {
            Arrays.fill(key, (byte) 0);
            destroyed = true;
        }
    }
}
