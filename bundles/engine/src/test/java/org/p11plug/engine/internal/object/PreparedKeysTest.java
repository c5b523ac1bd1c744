package org.p11plug.engine.internal.object;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.sameInstance;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKO;
import org.p11plug.spi.store.ArrayStoredObject;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;

/**
 * Prepared primitives live and die with their key: kept between operations only where the store
 * allows it, one idle per kind, and dropped when the key is destroyed or moves to another store.
 */
class PreparedKeysTest {
    private static ObjectRecord key(StoredObject stored) {
        return ObjectRecord.sessionObject(1, Schemas.DATA, CKO.DATA, 1, stored);
    }

    private static ArrayStoredObject heapValues() {
        return new ArrayStoredObject(1, List.of(StoredValue.secret(CKA.VALUE, new byte[16])));
    }

    @Test
    void anIdlePrimitiveIsTakenOnce() {
        ObjectRecord r = key(heapValues());
        Object primitive = new Object();
        r.givePrepared("aes-gcm-encrypt", primitive);
        assertThat(r.takePrepared("aes-gcm-encrypt"), is(sameInstance(primitive)));
        assertThat("taken: the next operation prepares its own", r.takePrepared("aes-gcm-encrypt"), is(nullValue()));
        assertThat(r.takePrepared("other kind"), is(nullValue()));
    }

    @Test
    void destroyingTheKeyDropsItsPrimitives() {
        ObjectRecord r = key(heapValues());
        r.givePrepared("k", new Object());
        r.markDestroyed();
        assertThat(r.takePrepared("k"), is(nullValue()));
        r.givePrepared("k", new Object());
        assertThat("an operation ending after the destruction keeps nothing", r.takePrepared("k"), is(nullValue()));
    }

    @Test
    void storesThatProtectKeysGetNoPreparedPrimitives() {
        ArrayStoredObject protecting = new ArrayStoredObject(1, List.of(StoredValue.secret(CKA.VALUE, new byte[16]))) {
            @Override
            public boolean allowsPreparedKeys() {
                return false;
            }
        };
        ObjectRecord r = key(protecting);
        r.givePrepared("k", new Object());
        assertThat(r.takePrepared("k"), is(nullValue()));
    }

    @Test
    void migratingToAnotherStoreDropsThem() {
        ObjectRecord r = key(heapValues());
        r.givePrepared("k", new Object());
        r.migrate(old -> heapValues());
        assertThat(r.takePrepared("k"), is(nullValue()));
    }
}
