package dev.steadfast.error;

import dev.steadfast.SteadfastException;
import java.nio.file.Path;

/**
 * The embedded engine's database file is owned by another engine, in this process or another: one engine owns a file at
 * a time. A tool that must not disturb the owner (the demo, which replaces its file; the CLI, which then steers through
 * the file's inbox) catches this instead of reading the message.
 */
public class DatabaseInUseException extends SteadfastException {
    private final transient Path database;
    private final String holder;
    private final boolean thisProcess;

    /**
     * @param database the file, as it was opened
     * @param holder who owns it, as the owner recorded it (e.g. {@code pid 4242 on host}), or a short explanation
     * @param thisProcess whether the owner is another engine of this very process
     */
    public DatabaseInUseException(Path database, String holder, boolean thisProcess) {
        super("Database " + database + " is in use by another Steadfast engine in "
                + (thisProcess ? "this very process" : "another process") + " (" + holder
                + "). One engine owns a database"
                + " file at a time, whatever name it is opened by: stop that engine, open another file, or open this one"
                + " with access READ_ONLY.");
        this.database = database;
        this.holder = holder;
        this.thisProcess = thisProcess;
    }

    /** The file, as it was opened. */
    public Path database() {
        return database;
    }

    /** Who owns it, as the owner recorded it (e.g. {@code pid 4242 on host}). */
    public String holder() {
        return holder;
    }

    /** Whether the owner is another engine of this very process. */
    public boolean thisProcess() {
        return thisProcess;
    }
}
