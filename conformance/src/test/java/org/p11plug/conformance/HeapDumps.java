package org.p11plug.conformance;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Heap dumps of this JVM, searched for a secret. The secret is kept in a direct buffer (outside
 * the heap, so the search never finds the test's own copy) and copied to the heap only after
 * the dump is written, for the scan.
 */
final class HeapDumps {
    private HeapDumps() {
    }

    /** Dumps the heap (only reachable objects when {@code live}) and counts the secret's occurrences. */
    static int occurrences(ByteBuffer secret, boolean live) {
        Path dump = Path.of("target", "dump-" + System.nanoTime() + (live ? "-live" : "-all") + ".hprof");
        try {
            Files.createDirectories(dump.getParent());
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), live);
            byte[] needle = new byte[secret.capacity()];
            secret.get(0, needle);
            try {
                return count(dump, needle);
            } finally {
                Arrays.fill(needle, (byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(dump);
            } catch (IOException e) {
                // target/ is cleaned anyway
            }
        }
    }

    /** Occurrences of {@code needle} in the file: a scan for its first byte, then a comparison. */
    static int count(Path file, byte[] needle) throws IOException {
        int found = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long window = 1L << 30;
            for (long base = 0; base < size; base += window - needle.length) {
                long length = Math.min(window, size - base);
                MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, base, length);
                found += countIn(map, needle, base == 0 ? 0 : needle.length - 1);
                if (base + length >= size) {
                    break;
                }
            }
        }
        return found;
    }

    private static int countIn(ByteBuffer map, byte[] needle, int skip) {
        int found = 0;
        byte first = needle[0];
        int end = map.limit() - needle.length;
        for (int i = skip; i <= end; i++) {
            if (map.get(i) != first) {
                continue;
            }
            int j = 1;
            while (j < needle.length && map.get(i + j) == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                found++;
            }
        }
        return found;
    }
}
