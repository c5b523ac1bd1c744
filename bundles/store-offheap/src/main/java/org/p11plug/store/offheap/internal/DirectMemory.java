package org.p11plug.store.offheap.internal;

import java.nio.ByteBuffer;

/**
 * The fallback where libc cannot be reached (not Linux, JNA unavailable): direct buffers, which
 * the garbage collector never copies and heap dumps never show, but which are neither locked
 * nor kept out of core dumps. The store says so when it starts.
 */
final class DirectMemory implements NativeMemory {
    private static final int PAGE = 4096;

    @Override
    public Region map(int bytes) {
        return new Region(ByteBuffer.allocateDirect(bytes), 0, false, false);
    }

    @Override
    public void unmap(Region region) {
        // the buffer's memory goes back to the allocator when the buffer is collected
    }

    @Override
    public int pageSize() {
        return PAGE;
    }

    @Override
    public String describe() {
        return "direct buffers (not locked: libc unavailable)";
    }
}
