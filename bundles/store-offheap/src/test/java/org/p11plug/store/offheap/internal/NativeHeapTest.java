package org.p11plug.store.offheap.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The slab allocator on real Linux mappings: locked, out of core dumps, overwritten, given back. */
class NativeHeapTest {
    private final CountingMemory memory = new CountingMemory(LinuxMemory.load(true));
    private final NativeHeap heap = new NativeHeap(memory);

    @AfterEach
    void close() {
        heap.close();
    }

    @Test
    void blocksLiveInLockedMappingsLeftOutOfCoreDumps() throws IOException {
        heap.allocate(100);
        NativeMemory.Region region = memory.last;
        assumeTrue(region.locked(), "mlock refused here (RLIMIT_MEMLOCK): the refusal test covers this case");
        String flags = vmFlags(region.address());
        assertThat("the kernel's flags for the mapping: lo = locked, dd = not dumped", flags, containsString(" lo"));
        assertThat(flags, containsString(" dd"));
        assertThat(heap.lockedBytes(), is((long) NativeHeap.CHUNK_SIZE));
    }

    @Test
    void aFreedBlockIsOverwrittenBeforeItCanBeReused() {
        NativeHeap.Block b = heap.allocate(40);
        byte[] secret = new byte[40];
        Arrays.fill(secret, (byte) 0x5A);
        b.put(0, secret);
        heap.free(b, 40);
        byte[] after = new byte[40];
        b.get(0, after); // the chunk is still mapped: it is the last of its class
        assertThat(after, is(new byte[40]));
    }

    @Test
    void nativeMemoryReturnsToItsStartingLevel() {
        heap.allocate(8).get(0, new byte[0]); // one chunk stays mapped per class in use
        NativeHeap.Block large = heap.allocate(100_000);
        long start = heap.mappedBytes();
        List<NativeHeap.Block> blocks = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            blocks.add(heap.allocate(1 + i % 700));
        }
        assertThat(heap.mappedBytes(), greaterThan(start));
        for (NativeHeap.Block b : blocks) {
            heap.free(b, b.capacity());
        }
        assertThat(heap.mappedBytes(), is(start + 64L * 1024 * 4)); // the classes 128..1024 keep one chunk each
        heap.free(large, large.capacity());
        assertThat(heap.mappedBytes(), is(start + 64L * 1024 * 4 - 102_400));
    }

    @Test
    void closingOverwritesAndUnmapsEverything() {
        for (int i = 0; i < 100; i++) {
            heap.allocate(3000).put(0, new byte[] {1, 2, 3});
        }
        heap.allocate(200_000);
        assertThat(heap.mappedBytes(), greaterThanOrEqualTo(200_000L));
        heap.close();
        assertThat(heap.mappedBytes(), is(0L));
        assertThat(memory.unmappedNonZero, is(0));
    }

    /** The VmFlags line of the mapping that starts at {@code address}, from /proc/self/smaps. */
    private static String vmFlags(long address) throws IOException {
        String start = Long.toHexString(address) + "-";
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                inside = line.startsWith(start);
            } else if (inside && line.startsWith("VmFlags:")) {
                return line + " ";
            }
        }
        throw new AssertionError("no mapping at 0x" + start);
    }

    /** Remembers the last region mapped and checks that what is unmapped was overwritten. */
    static final class CountingMemory implements NativeMemory {
        private final NativeMemory real;
        NativeMemory.Region last;
        int unmappedNonZero;

        CountingMemory(NativeMemory real) {
            this.real = real;
        }

        @Override
        public Region map(int bytes) {
            last = real.map(bytes);
            return last;
        }

        @Override
        public void unmap(Region region) {
            for (int i = 0; i < region.size(); i++) {
                if (region.buffer().get(i) != 0) {
                    unmappedNonZero++;
                    break;
                }
            }
            real.unmap(region);
        }

        @Override
        public int pageSize() {
            return real.pageSize();
        }

        @Override
        public String describe() {
            return real.describe();
        }
    }
}
