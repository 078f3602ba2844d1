package dev.steadfast.engine.internal;

import dev.steadfast.SteadfastException;
import dev.steadfast.error.DatabaseInUseException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * One engine owns a database file at a time: an exclusive {@link Flock} on the database file itself.
 * Locking the file (not a {@code .lock} beside its name) makes every name of it one lock: a
 * symlink, a hard link or a bind mount reaches the same inode, and there is no lock file to delete.
 * The OS drops the lock when its process dies, so a killed engine never blocks a restart.
 *
 * <p>Where {@code flock} cannot be called (another OS, or native access denied) the lock falls back
 * to a POSIX lock on {@code <db>.lock} beside the file's real path, which still sees through
 * symlinks. Either way the OS lock is the fast refusal, not the whole guarantee: {@link OwnerFence}
 * stops an owner that lost its lock from ever committing.
 */
final class DatabaseLock implements AutoCloseable {
    /** The files (by device and inode) locked in this JVM, to say so when refusing a second engine here. */
    private static final Set<Object> HELD = ConcurrentHashMap.newKeySet();

    private final AutoCloseable lock;
    private final Object fileKey;

    private DatabaseLock(AutoCloseable lock, Object fileKey) {
        this.lock = lock;
        this.fileKey = fileKey;
    }

    /**
     * Locks {@code database} (created empty if missing), or throws saying who holds it: {@code holder}
     * is asked only then, for the message.
     */
    static DatabaseLock acquire(Path database, Supplier<String> holder) {
        try {
            if (!Files.exists(database)) {
                Files.createFile(database);
            }
            Object key = fileKey(database);
            if (HELD.contains(key)) {
                throw inUse(database, true, holder);
            }
            AutoCloseable lock = Flock.unavailable() == null ? Flock.tryLock(database) : lockFileBeside(database);
            if (lock == null) {
                throw inUse(database, false, holder);
            }
            HELD.add(key);
            return new DatabaseLock(lock, key);
        } catch (AccessDeniedException e) {
            throw new SteadfastException(
                    "Cannot create or lock " + database + ": permission denied. Make the file and"
                            + " its directory writable, or open it with access READ_ONLY.",
                    e);
        } catch (IOException e) {
            throw new SteadfastException("Could not lock " + database + ": " + e.getMessage(), e);
        }
    }

    /** The fallback: a POSIX lock on {@code <db>.lock}, or {@code null} when another process holds it. */
    private static AutoCloseable lockFileBeside(Path database) throws IOException {
        LoggerFactory.getLogger(DatabaseLock.class)
                .debug("flock unavailable ({}); locking {}.lock instead", Flock.unavailable(), database);
        Path lockFile = database.resolveSibling(database.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        return channel;
    }

    private static DatabaseInUseException inUse(Path database, boolean here, Supplier<String> holder) {
        // in this process, the holder is this process: no need to read the file
        String who = here
                ? "pid " + ProcessHandle.current().pid()
                        + "; a closed engine keeps its file until its running step bodies return"
                : holder.get();
        return new DatabaseInUseException(database, who, here);
    }

    /** The file's identity (device and inode). */
    private static Object fileKey(Path file) throws IOException {
        Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        return key != null ? key : file.toRealPath();
    }

    @Override
    public void close() {
        HELD.remove(fileKey);
        try {
            lock.close();
        } catch (Exception ignored) {
            // the process is letting go of the file either way
        }
    }
}
