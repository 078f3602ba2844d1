package dev.steadfast.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.run.RunInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code start <type> <id> '<json>'}: records a new run. On an embedded database the process that owns
 * the file (a console, an application) runs it at once, or the next one to open it; the CLI runs nothing.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start a run of a registered workflow or agent with a JSON input; the engine's owner runs it.")
final class StartCommand implements Runnable {
    private final Context ctx;
    @Mixin EngineOptions engine;
    @Parameters(index = "0", paramLabel = "<type>", description = "the workflow or agent name (the examples: ${COMPLETION-CANDIDATES})",
            completionCandidates = TypeNames.class)
    String type;
    @Parameters(index = "1", paramLabel = "<id>", description = "the new run's id") String id;
    @Parameters(index = "2", paramLabel = "<json>", description = "its input, JSON (a string: '\"text\"')") String json;

    StartCommand(Context ctx) {
        this.ctx = ctx;
    }

    /** The example types, for help. */
    static final class TypeNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ExampleCatalog.names().iterator();
        }
    }

    @Override
    public void run() {
        JsonNode input = SteerCommands.json(json, "<json>");
        if (id.isBlank()) {
            throw new CliException(CliException.USAGE, "<id> must not be blank");
        }
        boolean known = ExampleCatalog.names().contains(type);
        try (var opened = engine.open(EngineOptions.Use.STEER)) {
            try {
                RunInfo existing = opened.engine().describe(id);
                throw new CliException(CliException.FAILURE, "a run '" + Terminal.line(id, 200) + "' exists already (a "
                        + Terminal.line(existing.workflowType(), 100) + ", " + existing.status() + ") — choose another id;"
                        + " see it with: steadfast runs show " + id + engine.dbHint());
            } catch (dev.steadfast.error.NoSuchRunException fresh) {
                // the id is free
            }
            try {
                opened.engine().start(type, id, input);
            } catch (IllegalArgumentException e) {
                throw new CliException(CliException.USAGE, e.getMessage());
            }
            ctx.term().out().println("started run " + Terminal.line(id, 200) + " (" + Terminal.line(type, 100) + ") as "
                    + Terminal.line(opened.actor(), 80) + SteerCommands.next(opened)
                    + (known ? "" : "; '" + Terminal.line(type, 100) + "' is not one of this CLI's examples ("
                    + String.join(", ", ExampleCatalog.names()) + "), so only an owner that registers it can run it")
                    + "\n  follow it: steadfast runs watch " + id + engine.dbHint());
        }
    }
}
