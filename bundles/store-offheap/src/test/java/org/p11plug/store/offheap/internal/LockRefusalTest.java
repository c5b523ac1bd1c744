package org.p11plug.store.offheap.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.p11plug.spi.store.KeyEncryptionKey;
import org.p11plug.spi.store.PartitionContext;
import org.p11plug.spi.store.SecretFunction;
import org.p11plug.spi.store.StorePartition;
import org.p11plug.spi.store.StoredObject;
import org.p11plug.spi.store.StoredValue;

/**
 * An OS that refuses mlock (RLIMIT_MEMLOCK too small, no CAP_IPC_LOCK): the store keeps working
 * on unlocked native memory and says so once, instead of failing.
 */
class LockRefusalTest {
    /** Real libc, except that mlock fails as it does past RLIMIT_MEMLOCK. */
    private static final class RefusingLibC implements LinuxMemory.LibC {
        private final LinuxMemory.LibC real = Native.load("c", LinuxMemory.LibC.class);
        int lockAttempts;

        @Override
        public Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset) {
            return real.mmap(address, length, protection, flags, fd, offset);
        }

        @Override
        public int munmap(Pointer address, long length) {
            return real.munmap(address, length);
        }

        @Override
        public int mlock(Pointer address, long length) {
            lockAttempts++;
            return -1;
        }

        @Override
        public int munlock(Pointer address, long length) {
            throw new AssertionError("an unlocked region is never unlocked");
        }

        @Override
        public int madvise(Pointer address, long length, int advice) {
            return real.madvise(address, length, advice);
        }

        @Override
        public int getpagesize() {
            return real.getpagesize();
        }
    }

    @Test
    void theStoreWorksUnlockedAndReportsTheRefusalOnce() {
        List<LogRecord> warnings = new ArrayList<>();
        Logger log = Logger.getLogger(LinuxMemory.class.getName());
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
        RefusingLibC libc = new RefusingLibC();
        OffHeapSessionObjectStore store = new OffHeapSessionObjectStore(new LinuxMemory(libc, true));
        try {
            StorePartition partition = store.openPartition(context());
            List<StoredObject> objects = new ArrayList<>();
            for (int i = 0; i < 2000; i++) { // several chunks, so several refusals
                objects.add(partition.store(i, List.of(StoredValue.plain(3, new byte[] {(byte) i}),
                        StoredValue.secret(0x11, new byte[300]))));
            }
            assertThat(objects.get(1999).read(3), is(new byte[] {(byte) 1999}));
            assertThat(store.lockedBytes(), is(0L));
            assertThat(libc.lockAttempts > 1, is(true));
            assertThat("reported once", warnings, hasSize(1));
            assertThat(warnings.get(0).getMessage(), containsString("mlock refused"));
            partition.close();
        } finally {
            store.shutdown();
            log.removeHandler(capture);
        }
    }

    static PartitionContext context() {
        return new PartitionContext() {
            @Override
            public String owner() {
                return "test";
            }

            @Override
            public KeyEncryptionKey keyEncryptionKey() {
                return new KeyEncryptionKey() {
                    @Override
                    public <R> R withKey(SecretFunction<R> use) {
                        return use.apply(new byte[32]);
                    }

                    @Override
                    public boolean isDestroyed() {
                        return false;
                    }

                    @Override
                    public void destroy() {
                    }
                };
            }
        };
    }
}
