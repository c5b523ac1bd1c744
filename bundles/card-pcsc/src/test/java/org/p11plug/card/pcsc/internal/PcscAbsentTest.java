package org.p11plug.card.pcsc.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.p11plug.virtualpiv.Pcscd;

/**
 * Without pcscd the backend offers no slots, says why once however often it retries, and the
 * slots appear by themselves when pcscd starts.
 */
class PcscAbsentTest {
    @Test
    void noPcscdMeansNoSlotsOneWarningAndPatience() throws Exception {
        Optional<String> unavailable = Pcscd.unavailable();
        if (unavailable.isPresent()) {
            Assertions.assertFalse("1".equals(System.getenv("P11PLUG_REQUIRE_PCSC")), unavailable.get());
            Assumptions.abort(unavailable.get());
        }
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(PcscBackend.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try (PcscBackend backend = new PcscBackend(100, 100)) {
            Thread.sleep(1500); // several retries at a 100 ms slice (each at least 200 ms apart)
            assertThat(backend.slots().isEmpty(), is(true));
            assertThat("the missing service is reported once", warnings, hasSize(1));
            try (Pcscd pcscd = Pcscd.start(Files.createDirectories(Path.of("target", "pcsc-absent").toAbsolutePath()), 40051)) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                // pcscd may announce vpcd's two readers one at a time: wait for both.
                while (backend.slots().size() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat("the readers appear once pcscd answers", backend.slots().size(), is(2));
            }
        } finally {
            log.removeHandler(capture);
        }
    }
}
