package org.p11plug.engine.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CKA_UNIQUE_ID values: the engine's random prefix and a hexadecimal counter, never repeated. */
class UniqueIdsTest {
    @Test
    void idsArePrefixAndHexCounter() {
        UniqueIds ids = new UniqueIds();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i <= 300; i++) {
            String id = new String(ids.next(), StandardCharsets.UTF_8);
            assertThat(id, matchesPattern("[0-9a-f]{16}-[0-9a-f]+"));
            assertThat(id, endsWith("-" + Long.toHexString(i)));
            assertThat(seen.add(id), is(true));
        }
    }
}
