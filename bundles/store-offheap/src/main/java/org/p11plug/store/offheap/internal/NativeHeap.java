package org.p11plug.store.offheap.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A slab allocator over {@link NativeMemory}: blocks of power-of-two size classes carved out of
 * 64 KiB chunks (one class per chunk), larger blocks mapped alone. A freed block is overwritten
 * before it can be handed out again; a chunk that empties is overwritten and unmapped unless it
 * is the last of its class, so native memory returns to its starting level when the objects go.
 * Thread-safe: allocation and release lock the heap briefly; reads and writes of a block are its
 * owner's business.
 */
final class NativeHeap {
    static final int CHUNK_SIZE = 64 * 1024;
    private static final int MIN_SHIFT = 6; // 64-byte blocks: a small key object fits one
    private static final int MAX_SHIFT = 15; // 32 KiB: above, a block gets its own mapping
    private static final byte[] ZEROS = new byte[CHUNK_SIZE];

    private final NativeMemory memory;
    /** Per size class, the chunks with a free slot. */
    private final List<List<Chunk>> partial = new ArrayList<>();
    private final Set<Chunk> chunks = new HashSet<>();
    private final Set<Block> large = new HashSet<>();
    private long mappedBytes;
    private long lockedBytes;
    private long blocksInUse;
    private boolean closed;

    /** A block of native memory: the caller's until freed. */
    static final class Block {
        private final @Nullable Chunk chunk;
        private final NativeMemory.Region region;
        private final int offset;
        private final int capacity;

        Block(@Nullable Chunk chunk, NativeMemory.Region region, int offset, int capacity) {
            this.chunk = chunk;
            this.region = region;
            this.offset = offset;
            this.capacity = capacity;
        }

        int capacity() {
            return capacity;
        }

        /** Copies {@code src} in at {@code at}, relative to the block. */
        void put(int at, byte[] src) {
            region.buffer().put(offset + at, src);
        }

        /** Copies {@code length} bytes from another block. */
        void copy(int at, Block from, int fromAt, int length) {
            region.buffer().put(offset + at, from.region.buffer(), from.offset + fromAt, length);
        }

        void get(int at, byte[] dst) {
            region.buffer().get(offset + at, dst);
        }

        /** Whether the {@code expected.length} bytes at {@code at} equal {@code expected}, without copying. */
        boolean equalsAt(int at, byte[] expected) {
            ByteBuffer b = region.buffer();
            int base = offset + at;
            for (int i = 0; i < expected.length; i++) {
                if (b.get(base + i) != expected[i]) {
                    return false;
                }
            }
            return true;
        }

        void zero(int length) {
            ByteBuffer b = region.buffer();
            for (int done = 0; done < length; ) {
                int n = Math.min(ZEROS.length, length - done);
                b.put(offset + done, ZEROS, 0, n);
                done += n;
            }
        }
    }

    /** A chunk of one size class and its free slots (a stack of offsets). */
    private static final class Chunk {
        final NativeMemory.Region region;
        final int shift;
        final int[] free;
        int freeCount;

        Chunk(NativeMemory.Region region, int shift) {
            this.region = region;
            this.shift = shift;
            int slots = region.size() >>> shift;
            free = new int[slots];
            for (int i = 0; i < slots; i++) {
                free[i] = (slots - 1 - i) << shift; // lowest offsets first
            }
            freeCount = slots;
        }

        boolean empty() {
            return freeCount == free.length;
        }
    }

    NativeHeap(NativeMemory memory) {
        this.memory = memory;
        for (int s = MIN_SHIFT; s <= MAX_SHIFT; s++) {
            partial.add(new ArrayList<>());
        }
    }

    /** A block of at least {@code size} bytes, zeroed. */
    Block allocate(int size) {
        int shift = Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(Math.max(1, size) - 1));
        if (shift > MAX_SHIFT) {
            return allocateLarge(size);
        }
        synchronized (this) {
            checkOpen();
            List<Chunk> list = partial.get(shift - MIN_SHIFT);
            Chunk c;
            if (list.isEmpty()) {
                c = new Chunk(map(CHUNK_SIZE), shift);
                chunks.add(c);
                list.add(c);
            } else {
                c = list.get(list.size() - 1);
            }
            int offset = c.free[--c.freeCount];
            if (c.freeCount == 0) {
                list.remove(list.size() - 1);
            }
            blocksInUse++;
            return new Block(c, c.region, offset, 1 << shift);
        }
    }

    private Block allocateLarge(int size) {
        int page = memory.pageSize();
        int bytes = (int) Math.min(Integer.MAX_VALUE - page, ((long) size + page - 1) / page * page);
        synchronized (this) {
            checkOpen();
            NativeMemory.Region r = map(bytes);
            Block b = new Block(null, r, 0, bytes);
            large.add(b);
            blocksInUse++;
            return b;
        }
    }

    /**
     * Overwrites the block's first {@code used} bytes (the rest was never written) and takes it
     * back; the block must not be used again.
     */
    void free(Block block, int used) {
        block.zero(Math.min(used, block.capacity));
        Chunk c = block.chunk;
        synchronized (this) {
            if (closed) {
                return; // everything was overwritten and unmapped at close
            }
            blocksInUse--;
            if (c == null) {
                if (large.remove(block)) {
                    unmap(block.region);
                }
                return;
            }
            List<Chunk> list = partial.get(c.shift - MIN_SHIFT);
            if (c.freeCount == 0) {
                list.add(c);
            }
            c.free[c.freeCount++] = block.offset;
            if (c.empty() && list.size() > 1) {
                // keep one chunk per class for the next allocation; give the others back
                list.remove(c);
                chunks.remove(c);
                unmap(c.region);
            }
        }
    }

    /** Overwrites and unmaps everything; blocks still held become unusable. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Chunk c : chunks) {
            overwrite(c.region);
            unmap(c.region);
        }
        for (Block b : large) {
            overwrite(b.region);
            unmap(b.region);
        }
        chunks.clear();
        large.clear();
        partial.forEach(List::clear);
        blocksInUse = 0;
    }

    synchronized long mappedBytes() {
        return mappedBytes;
    }

    synchronized long lockedBytes() {
        return lockedBytes;
    }

    synchronized long blocksInUse() {
        return blocksInUse;
    }

    String describe() {
        return memory.describe();
    }

    private NativeMemory.Region map(int bytes) {
        NativeMemory.Region r = memory.map(bytes);
        mappedBytes += r.size();
        if (r.locked()) {
            lockedBytes += r.size();
        }
        return r;
    }

    private void unmap(NativeMemory.Region r) {
        memory.unmap(r);
        mappedBytes -= r.size();
        if (r.locked()) {
            lockedBytes -= r.size();
        }
    }

    private static void overwrite(NativeMemory.Region r) {
        ByteBuffer b = r.buffer();
        for (int done = 0; done < r.size(); done += ZEROS.length) {
            b.put(done, ZEROS, 0, Math.min(ZEROS.length, r.size() - done));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("off-heap store closed");
        }
    }
}
