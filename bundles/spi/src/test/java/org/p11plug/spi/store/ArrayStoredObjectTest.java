package org.p11plug.spi.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The heap-array object: values in the order given, a repeated type resolved to its last value, erasure. */
class ArrayStoredObjectTest {
    private static final long VENDOR = 0x8000_0001L;

    @Test
    void keepsTheValuesInTheirOrder() {
        ArrayStoredObject o = new ArrayStoredObject(7, List.of(StoredValue.plain(3, new byte[] {1}),
                StoredValue.secret(0x11, new byte[] {2, 3}), StoredValue.plain(VENDOR, new byte[] {4})));
        assertThat(o.types(), is(new long[] {3, 0x11, VENDOR}));
        assertThat(o.read(3), is(new byte[] {1}));
        assertThat(o.isSecret(0x11), is(true));
        assertThat(o.withSecret(0x11, byte[]::clone), is(new byte[] {2, 3}));
        assertThat(o.length(VENDOR), is(1));
    }

    @Test
    void aRepeatedTypeEndsWithItsLastValue() {
        byte[] first = {1};
        ArrayStoredObject o = new ArrayStoredObject(7, List.of(StoredValue.plain(3, first),
                StoredValue.plain(VENDOR, new byte[] {5}), StoredValue.plain(3, new byte[] {2}),
                StoredValue.plain(VENDOR, new byte[] {6}), StoredValue.plain(1000, new byte[] {7})));
        assertThat(o.types(), is(new long[] {3, VENDOR, 1000}));
        assertThat(o.read(3), is(new byte[] {2}));
        assertThat(o.read(VENDOR), is(new byte[] {6}));
        assertThat("the replaced value is overwritten", first, is(new byte[] {0}));
    }

    @Test
    void erasureOverwritesEveryValue() {
        byte[] secret = {9, 9, 9};
        ArrayStoredObject o = new ArrayStoredObject(7, List.of(StoredValue.secret(0x11, secret)));
        o.erase();
        assertThat(secret, is(new byte[] {0, 0, 0}));
    }
}
