package org.p11plug.engine.internal.object;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p11plug.api.ck.CKA;
import org.p11plug.api.ck.CKO;
import org.p11plug.api.raw.RawAttribute;
import org.p11plug.api.raw.Ulong;
import org.p11plug.spi.store.ArrayStoredObject;
import org.p11plug.spi.store.StoredValue;

/** The find index: buckets small and large, objects filed and forgotten, emptied buckets swept. */
class ObjectIndexTest {
    private long serial;

    private ObjectRecord data(String label) {
        long id = ++serial;
        List<StoredValue> values = List.of(StoredValue.plain(CKA.CLASS, Ulong.encode(CKO.DATA)),
                StoredValue.plain(CKA.LABEL, label.getBytes(StandardCharsets.UTF_8)));
        return ObjectRecord.sessionObject(id, Schemas.DATA, CKO.DATA, 1, new ArrayStoredObject(id, values));
    }

    private static FindTemplate label(String label) {
        return FindTemplate.parse(new RawAttribute[] {RawAttribute.ofUtf8(CKA.LABEL, label)});
    }

    @Test
    void aBucketGrowsFromAnArrayToASetAndShrinksBack() {
        ObjectIndex index = new ObjectIndex();
        List<ObjectRecord> same = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ObjectRecord r = data("shared");
            same.add(r);
            index.add(r);
            assertThat(index.candidates(label("shared")), hasSize(i + 1));
        }
        assertThat(index.candidates(label("shared")), containsInAnyOrder(same.toArray()));
        for (ObjectRecord r : same) {
            index.remove(r);
        }
        assertThat(index.candidates(label("shared")), is(empty()));
        assertThat(index.size(), is(0));
        assertThat(index.all(), is(empty()));
    }

    @Test
    void emptiedBucketsAreSweptBeforeTheyPileUp() {
        ObjectIndex index = new ObjectIndex();
        ObjectRecord keeper = data("keeper");
        index.add(keeper);
        for (int i = 0; i < 10_000; i++) {
            ObjectRecord r = data("unique-" + i);
            index.add(r);
            index.remove(r);
        }
        assertThat(index.bucketCount(), is(lessThanOrEqualTo(1024 + 3)));
        assertThat(index.candidates(label("unique-9999")), is(empty()));
        assertThat(index.candidates(label("keeper")), containsInAnyOrder(keeper));
        assertThat(index.all(), containsInAnyOrder(keeper));
    }

    @Test
    void anEmptiedBucketIsReusedForTheNextObjectWithItsValue() {
        ObjectIndex index = new ObjectIndex();
        ObjectRecord first = data("again");
        index.add(first);
        index.remove(first);
        ObjectRecord second = data("again");
        index.add(second);
        assertThat(index.candidates(label("again")), containsInAnyOrder(second));
        assertThat(index.contains(first), is(false));
        assertThat(index.contains(second), is(true));
    }
}
