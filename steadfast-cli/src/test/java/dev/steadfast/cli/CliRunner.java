package dev.steadfast.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the CLI in-process against one database, with captured output, not a terminal. */
final class CliRunner {
    /** What a command line did. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final Path db;

    CliRunner(Path db) {
        this.db = db;
    }

    /** {@code args} with {@code STEADFAST_DB} set to the test's database. */
    Result run(String... args) {
        return runWith(Map.of("STEADFAST_DB", db.toString()), args);
    }

    static Result runWith(Map<String, String> env, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env, false);
        return new Result(code, out.toString(), err.toString());
    }
}
