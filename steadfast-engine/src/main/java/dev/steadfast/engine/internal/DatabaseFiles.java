package dev.steadfast.engine.internal;

import dev.steadfast.SteadfastException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the engine checks about a database file's place on disk before SQLite opens it, so a bad
 * location fails with a message that says what to do instead of {@code [SQLITE_CANTOPEN]}.
 */
final class DatabaseFiles {
    private DatabaseFiles() {}

    /**
     * The absolute path of {@code file}, with symbolic links resolved when it exists: SQLite names the
     * write-ahead log after the path it opens, so every name of one file must lead to one log.
     */
    static Path canonical(Path file) {
        Path path = file.toAbsolutePath().normalize();
        try {
            return Files.exists(path) ? path.toRealPath() : path;
        } catch (IOException e) {
            return path;
        }
    }

    /**
     * Refuses a location an owner cannot use: a directory it cannot write (SQLite creates the
     * {@code -wal} and {@code -shm} files there), or a file with other hard links (SQLite would keep
     * one write-ahead log per name, so what was committed through one name is missing through the
     * other).
     */
    static void checkOwnable(Path path) {
        checkWritable(path, "own");
        if (Files.exists(path)) {
            int links = hardLinks(path);
            if (links > 1) {
                throw new SteadfastException("Database " + path + " has " + links + " names (hard links). SQLite keeps"
                        + " a write-ahead log beside the name it opens a file by, so steps committed through one name"
                        + " are missing through another. Remove the other links (or copy the file) and open it by"
                        + " one name.");
            }
        }
    }

    /** Refuses, saying what to do, a {@code path} whose file or directory cannot be written: {@code verb} it needs to. */
    static void checkWritable(Path path, String verb) {
        Path dir = path.getParent();
        if (dir != null && !writable(dir)) {
            throw new SteadfastException("Cannot " + verb + " " + path + ": its directory " + dir + " is not writable,"
                    + " and SQLite creates " + path.getFileName() + "-wal and -shm there. Make the directory writable,"
                    + " move the database to a writable one, or open it with access READ_ONLY.");
        }
        if (Files.exists(path) && !Files.isWritable(path)) {
            throw new SteadfastException("Cannot " + verb + " " + path + ": the file is not writable. Make it writable,"
                    + " or open it with access READ_ONLY.");
        }
    }

    /**
     * Whether a read-only engine must open {@code path} immutable: its directory cannot be written
     * (so SQLite cannot create the shared-memory file WAL mode reads through). Refused when a
     * write-ahead log with content is there: immutable reading would miss what it holds.
     */
    static boolean needsImmutable(Path path) {
        Path dir = path.getParent();
        if (dir == null || writable(dir)) {
            return false;
        }
        Path wal = path.resolveSibling(path.getFileName() + "-wal");
        try {
            if (Files.exists(wal) && Files.size(wal) > 0) {
                throw new SteadfastException("Cannot read " + path + ": its directory " + dir + " is not writable"
                        + " and its write-ahead log " + wal.getFileName() + " holds commits not yet in the file, which"
                        + " SQLite can read only through a shared-memory file it must create there. Copy the database"
                        + " with its -wal file to a writable directory, or open it once where it is writable.");
            }
        } catch (IOException e) {
            throw new SteadfastException("Cannot read " + wal + ": " + e.getMessage(), e);
        }
        return true;
    }

    /** Whether this process can create files in {@code dir} (access(2): modes, and a read-only mount). */
    private static boolean writable(Path dir) {
        return Files.isWritable(dir);
    }

    private static int hardLinks(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:nlink");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1; // not a Unix file system: nothing to tell
        }
    }
}
