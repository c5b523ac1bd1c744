package org.p11plug.store.offheap.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p11plug.spi.store.StorePartition;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;

/** One object's values in native memory: what goes in comes out, and nothing stays on the heap. */
class OffHeapObjectTest {
    private final OffHeapSessionObjectStore store = new OffHeapSessionObjectStore();
    private final StorePartition partition = store.openPartition(LockRefusalTest.context());

    @AfterEach
    void stop() {
        store.shutdown();
    }

    @Test
    void valuesComeBackAndTheArraysHandedInAreOverwritten() {
        byte[] label = {'k', 'e', 'y'};
        byte[] secret = {9, 8, 7, 6, 5, 4, 3, 2};
        StoredObject o = partition.store(42, List.of(StoredValue.plain(3, label), StoredValue.secret(0x11, secret)));
        assertThat(label, is(new byte[3]));
        assertThat(secret, is(new byte[8]));
        assertThat(o.read(3), is(new byte[] {'k', 'e', 'y'}));
        assertThat(o.withSecret(0x11, byte[]::clone), is(new byte[] {9, 8, 7, 6, 5, 4, 3, 2}));
        assertThat(o.matches(3, new byte[] {'k', 'e', 'y'}), is(true));
        assertThat("secrets never match", o.matches(0x11, new byte[] {9, 8, 7, 6, 5, 4, 3, 2}), is(false));
        assertThrows(IllegalStateException.class, () -> o.read(0x11));
        assertThat(o.length(0x11), is(8));
        assertThat(o.allowsPreparedKeys(), is(false));
    }

    @Test
    void anUpdateRewritesTheObjectAndKeepsTheRest() {
        StoredObject o = partition.store(1, List.of(StoredValue.plain(3, new byte[] {1}),
                StoredValue.secret(0x11, new byte[] {2, 2}), StoredValue.plain(0x102, new byte[] {3, 3, 3})));
        o.update(List.of(StoredValue.plain(3, new byte[500]), StoredValue.plain(0x170, new byte[] {4})));
        assertThat(o.read(3), is(new byte[500]));
        assertThat(o.withSecret(0x11, byte[]::clone), is(new byte[] {2, 2}));
        assertThat(o.read(0x102), is(new byte[] {3, 3, 3}));
        assertThat(o.read(0x170), is(new byte[] {4}));
        assertThat(o.types().length, is(4));
        assertThat(store.objectCount(), is(1L));
    }

    @Test
    void destroyedAndClosedObjectsCannotBeRead() {
        StoredObject a = partition.store(1, List.of(StoredValue.secret(0x11, new byte[] {1})));
        StoredObject b = partition.store(2, List.of(StoredValue.secret(0x11, new byte[] {2})));
        partition.destroy(a);
        assertThrows(IllegalStateException.class, () -> a.withSecret(0x11, byte[]::clone));
        assertThat(store.objectCount(), is(1L));
        partition.close();
        assertThrows(IllegalStateException.class, () -> b.withSecret(0x11, byte[]::clone));
        assertThat(store.objectCount(), is(0L));
    }
}
