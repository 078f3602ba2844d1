package dev.steadfast.engine.internal;

import dev.steadfast.SteadfastException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One engine owns a database file at a time: an exclusive OS lock on {@code <db>.lock}, which
 * holds the owner's pid and host so the engine refused entry can say who holds it. The OS drops
 * the lock when its process dies, so a killed engine never blocks a restart.
 */
final class DatabaseLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DatabaseLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DatabaseLock acquire(Path database) {
        Path lockFile = database.resolveSibling(database.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another engine in this very JVM
            }
            if (lock == null) {
                String holder = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
                channel.close();
                throw new SteadfastException("Database " + database + " is in use by another Steadfast engine ("
                        + (holder.isEmpty() ? "holder unknown" : holder) + "). One engine owns a database file at a time:"
                        + " stop that engine, or open another file.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(owner().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new DatabaseLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SteadfastException("Could not lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + ", since " + Instant.now();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
