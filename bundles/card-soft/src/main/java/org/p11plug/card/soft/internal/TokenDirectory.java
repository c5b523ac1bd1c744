package org.p11plug.card.soft.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The files of one software token:
 * <pre>
 * token.meta             identity, label, wrapped token keys, key generation (TokenMeta)
 * pin.state              PIN failure counters (PinCounters)
 * lock                   held with an exclusive file lock while a JVM serves the token
 * objects/ID-GEN.obj     one sealed object per file: ID is the object id, GEN the key generation
 * </pre>
 * Every write is atomic ({@link AtomicFiles}). On load, object files of another generation than
 * the meta's (left by a re-initialisation interrupted before or after its commit) and temporary
 * files are removed.
 */
final class TokenDirectory implements AutoCloseable {
    private static final String OBJECT_SUFFIX = ".obj";

    private final Path dir;
    private final Path objects;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private TokenDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.objects = dir.resolve("objects");
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating if needed, with owner-only permissions) and locks a token directory. */
    static TokenDirectory open(Path dir) throws IOException {
        createPrivate(dir);
        createPrivate(dir.resolve("objects"));
        FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("token directory " + dir + " is in use by another process");
        }
        return new TokenDirectory(dir, ch, lock);
    }

    private static void createPrivate(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            Files.createDirectories(p);
            try {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // Not a POSIX file system: the platform's default permissions apply.
            }
        }
    }

    Path path() {
        return dir;
    }

    @Nullable TokenMeta readMeta() throws IOException {
        byte[] encoded = readIfExists(dir.resolve("token.meta"));
        return encoded == null ? null : TokenMeta.decode(encoded);
    }

    void writeMeta(TokenMeta meta) throws IOException {
        AtomicFiles.write(dir.resolve("token.meta"), meta.encode());
    }

    PinCounters readCounters() {
        try {
            byte[] encoded = readIfExists(dir.resolve("pin.state"));
            return encoded == null ? PinCounters.ZERO : PinCounters.decode(encoded);
        } catch (IOException e) {
            return PinCounters.LOCKED;
        }
    }

    void writeCounters(PinCounters counters) throws IOException {
        AtomicFiles.write(dir.resolve("pin.state"), counters.encode());
    }

    /** The object ids stored for a generation, after removing leftovers of other generations. */
    List<Long> objectIds(int generation) throws IOException {
        List<Long> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(objects)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                long[] parsed = parse(name);
                if (parsed != null && parsed[1] == generation) {
                    ids.add(parsed[0]);
                } else {
                    Files.deleteIfExists(f);
                }
            }
        }
        AtomicFiles.syncDirectory(objects);
        return ids;
    }

    byte[] readObject(long id, int generation) throws IOException {
        return Files.readAllBytes(objectFile(id, generation));
    }

    void writeObject(long id, int generation, byte[] sealed) throws IOException {
        AtomicFiles.write(objectFile(id, generation), sealed);
    }

    void deleteObject(long id, int generation) throws IOException {
        AtomicFiles.delete(objectFile(id, generation));
    }

    private Path objectFile(long id, int generation) {
        return objects.resolve(HexFormat.of().toHexDigits(id) + "-" + generation + OBJECT_SUFFIX);
    }

    private static long @Nullable [] parse(String name) {
        if (!name.endsWith(OBJECT_SUFFIX)) {
            return null;
        }
        String stem = name.substring(0, name.length() - OBJECT_SUFFIX.length());
        int dash = stem.indexOf('-');
        if (dash != 16) {
            return null;
        }
        try {
            return new long[] {HexFormat.fromHexDigitsToLong(stem.substring(0, dash)),
                    Integer.parseInt(stem.substring(dash + 1))};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte @Nullable [] readIfExists(Path p) throws IOException {
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}
