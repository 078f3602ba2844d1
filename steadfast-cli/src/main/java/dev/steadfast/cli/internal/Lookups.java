package dev.steadfast.cli.internal;

import dev.steadfast.error.NoSuchRunException;
import dev.steadfast.run.RunInfo;
import java.util.function.Supplier;

/** Turns "no such run" into the one line that says what to do. */
final class Lookups {
    private Lookups() {}

    static RunInfo describe(EngineOptions.Opened engine, EngineOptions opts, String id) {
        return orNotFound(engine, opts, id, () -> engine.engine().describe(id));
    }

    static <T> T orNotFound(EngineOptions.Opened engine, EngineOptions opts, String id, Supplier<T> call) {
        try {
            return call.get();
        } catch (NoSuchRunException e) {
            throw new CliException(CliException.NOT_FOUND, "no run '" + Terminal.line(id, 200) + "' in " + engine.where()
                    + " — list runs with: steadfast runs list" + opts.dbHint());
        }
    }
}
