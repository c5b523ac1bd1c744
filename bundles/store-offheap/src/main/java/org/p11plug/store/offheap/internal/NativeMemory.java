package org.p11plug.store.offheap.internal;

import java.nio.ByteBuffer;

/**
 * Where the off-heap store gets its memory: regions outside the Java heap, locked in RAM and
 * left out of core dumps where the operating system allows. A seam so that a test can play an
 * operating system that refuses to lock.
 */
interface NativeMemory {
    /** A mapped region: a direct buffer over it, and what protection the OS granted. */
    record Region(ByteBuffer buffer, long address, boolean locked, boolean excludedFromDumps) {
        int size() {
            return buffer.capacity();
        }
    }

    /** Maps {@code bytes} (a multiple of the page size) of zeroed memory. */
    Region map(int bytes);

    /** Unmaps a region; its contents must have been overwritten already. */
    void unmap(Region region);

    /** The page size, to which every region's length is rounded. */
    int pageSize();

    /** How this memory is held, for the log and the shell. */
    String describe();
}
