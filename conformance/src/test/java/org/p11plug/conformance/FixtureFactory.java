package org.p11plug.conformance;

import java.util.function.Supplier;

/** A named way to build a fixture; the name shows in the test reports. */
record FixtureFactory(String name, Supplier<TokenFixture> create) {
    @Override
    public String toString() {
        return name;
    }
}
