package org.p11plug.conformance;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.p11plug.spi.store.SessionObjectStore;
import org.p11plug.store.heap.internal.HeapSessionObjectStore;

/**
 * Every combination of session-object store and token backend the suite runs against. Later
 * stores and backends join here.
 */
final class Fixtures {
    private Fixtures() {
    }

    private static final List<Store> STORES = List.of(new Store("heap", HeapSessionObjectStore::new));

    record Store(String name, Supplier<SessionObjectStore> create) {}

    static Stream<FixtureFactory> all() {
        return STORES.stream().map(store ->
                new FixtureFactory(store.name() + " store + soft token", () -> new SoftTokenFixture(store.create().get())));
    }
}
