package org.p11plug.conformance;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.p11plug.spi.store.SessionObjectStore;
import org.p11plug.store.heap.internal.HeapSessionObjectStore;
import org.p11plug.store.offheap.internal.OffHeapSessionObjectStore;
import org.p11plug.store.wrapped.internal.WrappedSessionObjectStore;

/**
 * Every combination of session-object store and token backend the suite runs against. Later
 * stores and backends join here.
 */
final class Fixtures {
    private Fixtures() {
    }

    static final List<Store> STORES = List.of(
            new Store("heap", () -> {
                HeapSessionObjectStore s = new HeapSessionObjectStore();
                return new StoreInstance(s, s::shutdown);
            }),
            new Store("off-heap", () -> {
                OffHeapSessionObjectStore s = new OffHeapSessionObjectStore();
                return new StoreInstance(s, s::shutdown);
            }),
            new Store("wrapped", () -> {
                WrappedSessionObjectStore s = new WrappedSessionObjectStore();
                return new StoreInstance(s, s::shutdown);
            }));

    /** A store kind, made afresh for each fixture. */
    record Store(String name, Supplier<StoreInstance> create) {}

    /** A store and how to stop it (what DS does at deactivation). */
    record StoreInstance(SessionObjectStore store, Runnable shutdown) {}

    /**
     * The software token on every store, and the PC/SC backend with the virtual PIV card (heap
     * store) where pcscd, vpcd and the tools are installed and no other pcscd runs (required
     * when P11PLUG_REQUIRE_PCSC=1, left out with {@code -Dp11plug.conformance.pcsc=false}).
     */
    static Stream<FixtureFactory> all() {
        Stream<FixtureFactory> soft = STORES.stream().map(store ->
                new FixtureFactory(store.name() + " store + soft token", () -> new SoftTokenFixture(store.create().get())));
        boolean required = "1".equals(System.getenv("P11PLUG_REQUIRE_PCSC"));
        if ("false".equals(System.getProperty("p11plug.conformance.pcsc"))
                || (!required && !PcscTokenFixture.available())) {
            return soft;
        }
        Stream<FixtureFactory> pcsc = Stream.of(new FixtureFactory("heap store + PIV card (PC/SC)",
                () -> new PcscTokenFixture(STORES.get(0).create().get())));
        return Boolean.getBoolean("p11plug.conformance.pcscOnly") ? pcsc : Stream.concat(soft, pcsc);
    }
}
