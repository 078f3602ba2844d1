package dev.steadfast.cli.internal;

/** A failure the CLI reports in one line, with the exit code scripts see. */
public final class CliException extends RuntimeException {
    /** Success. */
    public static final int OK = 0;
    /** The command failed (the engine refused, a run failed, the database is owned elsewhere...). */
    public static final int FAILURE = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** The run, step or pending approval named does not exist. */
    public static final int NOT_FOUND = 3;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
