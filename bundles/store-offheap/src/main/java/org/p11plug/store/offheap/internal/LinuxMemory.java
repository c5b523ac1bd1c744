package org.p11plug.store.offheap.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anonymous private mappings from libc, locked with {@code mlock} and marked
 * {@code MADV_DONTDUMP}. Chosen over direct buffers alone because a direct buffer's memory comes
 * from malloc (not page aligned, so it cannot be locked or advised by itself) and over a JNA
 * {@code Memory} for the same reason; the mapping is read and written through a direct buffer
 * view, whose bulk copies the JIT turns into plain memory moves. When locking is refused
 * (RLIMIT_MEMLOCK too small, no CAP_IPC_LOCK) the region is still used, unlocked, and the refusal
 * is reported once.
 */
final class LinuxMemory implements NativeMemory {
    private static final Logger LOG = Logger.getLogger(LinuxMemory.class.getName());
    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MADV_DONTDUMP = 16;

    /** The few libc calls the store needs; {@code size_t} is a long on the 64-bit Linux targets. */
    interface LibC extends Library {
        Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset);

        int munmap(Pointer address, long length);

        int mlock(Pointer address, long length);

        int munlock(Pointer address, long length);

        int madvise(Pointer address, long length, int advice);

        int getpagesize();
    }

    private final LibC libc;
    private final int pageSize;
    private final boolean tryLock;
    private final AtomicBoolean lockRefusalReported = new AtomicBoolean();
    private final AtomicBoolean adviceRefusalReported = new AtomicBoolean();

    LinuxMemory(LibC libc, boolean tryLock) {
        this.libc = libc;
        this.pageSize = libc.getpagesize();
        this.tryLock = tryLock;
    }

    /** The real libc, or an exception when this is not a Linux with a loadable libc. */
    static LinuxMemory load(boolean tryLock) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            throw new UnsupportedOperationException("not Linux");
        }
        return new LinuxMemory(Native.load("c", LibC.class), tryLock);
    }

    @Override
    public Region map(int bytes) {
        Pointer p = libc.mmap(null, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        long address = Pointer.nativeValue(p);
        if (p == null || address == -1L) {
            throw new OutOfMemoryError("mmap of " + bytes + " bytes failed, errno " + Native.getLastError());
        }
        boolean locked = false;
        if (tryLock) {
            locked = libc.mlock(p, bytes) == 0;
            if (!locked && lockRefusalReported.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "off-heap store: mlock refused (errno {0}, max locked memory {1}): session"
                        + " objects stay out of the Java heap but may be swapped to disk; raise RLIMIT_MEMLOCK"
                        + " (ulimit -l) or grant CAP_IPC_LOCK to lock them", new Object[] {Native.getLastError(),
                    memlockLimit()});
            }
        }
        boolean undumped = libc.madvise(p, bytes, MADV_DONTDUMP) == 0;
        if (!undumped && adviceRefusalReported.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "off-heap store: madvise(MADV_DONTDUMP) refused (errno {0}): session objects"
                    + " may appear in core dumps", Native.getLastError());
        }
        return new Region(p.getByteBuffer(0, bytes), address, locked, undumped);
    }

    @Override
    public void unmap(Region region) {
        Pointer p = new Pointer(region.address());
        if (region.locked()) {
            libc.munlock(p, region.size());
        }
        if (libc.munmap(p, region.size()) != 0) {
            LOG.log(Level.WARNING, "off-heap store: munmap failed, errno {0}", Native.getLastError());
        }
    }

    @Override
    public int pageSize() {
        return pageSize;
    }

    @Override
    public String describe() {
        return "native memory (mmap" + (tryLock ? ", mlock" : "") + ", MADV_DONTDUMP)";
    }

    /** The soft RLIMIT_MEMLOCK as the kernel reports it, for the refusal message. */
    static String memlockLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max locked memory")) {
                    String[] f = line.substring("Max locked memory".length()).trim().split("\\s+");
                    return f[0] + (f.length > 2 ? " " + f[2] : "");
                }
            }
        } catch (IOException | RuntimeException e) {
            // only for the message
        }
        return "unknown";
    }
}
