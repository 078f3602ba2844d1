package dev.steadfast.cli.internal;

import dev.steadfast.SteadfastException;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.engine.EmbeddedEngine.Access;
import dev.steadfast.temporal.TemporalEngine;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which engine a command talks to: an embedded database ({@code --db}, the default) or a Temporal
 * service ({@code --temporal}). Each option falls back to an environment variable.
 *
 * <p>On an embedded database the CLI never executes runs it was not asked to: commands that look open
 * it read-only (no lock, so they work while another process owns it), commands that steer record
 * their signal or decision and leave the run to the process that owns the file ({@link Access}).
 */
public final class EngineOptions {
    /** The embedded database used when neither {@code --db} nor {@code STEADFAST_DB} is given. */
    public static final String DEFAULT_DB = "./.steadfast/steadfast.db";

    /** What a command needs from the engine. */
    public enum Use {
        /** Only reads: list, show, watch. */
        LOOK,
        /** Records a signal, decision, cancel or fork. */
        STEER,
        /** Runs the example workflows too, if it can own the file (the console); read-only when it cannot. */
        OWN,
        /** Replays recorded runs against the example workflows: read-only, with the examples registered. */
        REPLAY
    }

    /** An open engine, where it is, and why it is read-only ({@code null}: it is not). */
    public record Opened(WorkflowEngine engine, String where, String readOnlyReason) implements AutoCloseable {
        @Override
        public void close() {
            engine.close();
        }
    }

    private final Context ctx;

    @Option(names = "--db", paramLabel = "<file>", description = "embedded database (env STEADFAST_DB; default " + DEFAULT_DB + ")")
    String db;

    @Option(names = "--temporal", paramLabel = "<host:port>", description = "a Temporal service instead (env STEADFAST_TEMPORAL)")
    String temporal;

    @Option(names = "--namespace", paramLabel = "<ns>", description = "Temporal namespace (env STEADFAST_TEMPORAL_NAMESPACE; default: default)")
    String namespace;

    @Option(names = "--api-key", paramLabel = "<key>", description = "Temporal Cloud API key; prefer env STEADFAST_TEMPORAL_API_KEY")
    String apiKey;

    @Option(names = "--tls", description = "connect to Temporal with TLS (env STEADFAST_TEMPORAL_TLS=true)")
    boolean tls;

    @Option(names = "--task-queue", paramLabel = "<queue>", description = "Temporal task queue (env STEADFAST_TASK_QUEUE; default: steadfast)")
    String taskQueue;

    public EngineOptions(Context ctx) {
        this.ctx = ctx;
    }

    /** The Temporal target, or {@code null} for the embedded engine. */
    public String temporalTarget() {
        return temporal != null ? temporal : ctx.env("STEADFAST_TEMPORAL", null);
    }

    /** The embedded database file, as the user named it. */
    public String dbName() {
        return db != null ? db : ctx.env("STEADFAST_DB", DEFAULT_DB);
    }

    /** Whether the embedded engine is meant and its default file, not named by the user, does not exist. */
    public boolean isDefaultDbMissing() {
        return temporalTarget() == null && db == null && ctx.env("STEADFAST_DB", null) == null
                && !Files.isRegularFile(Path.of(DEFAULT_DB));
    }

    /** The {@code --db} part a follow-up command needs ("" for the default). */
    public String dbHint() {
        return temporalTarget() != null ? " --temporal " + temporalTarget() : dbName().equals(DEFAULT_DB) ? "" : " --db " + dbName();
    }

    public Opened open(Use use) {
        String target = temporalTarget();
        return target != null ? openTemporal(target, use) : openEmbedded(use);
    }

    private Opened openEmbedded(Use use) {
        Path file = Path.of(dbName());
        String where = dbName();
        if (!Files.isRegularFile(file) && use != Use.OWN) {
            throw new CliException(CliException.NOT_FOUND, "no database at " + where + " — run something first"
                    + " (./steadfast demo writes .steadfast/demo.db), or name one with --db <file>");
        }
        try {
            return switch (use) {
                case LOOK -> new Opened(EmbeddedEngine.builder().database(file).access(Access.READ_ONLY).build(), where, "opened for looking");
                case STEER -> new Opened(EmbeddedEngine.builder().database(file).access(Access.STEER_ONLY).build(), where, null);
                case OWN -> openOwner(file, where);
                case REPLAY -> {
                    var b = EmbeddedEngine.builder().database(file).access(Access.READ_ONLY);
                    ExampleCatalog.workflows().forEach(b::register);
                    yield new Opened(b.build(), where, "opened for a replay check");
                }
            };
        } catch (SteadfastException e) {
            if (isOwnedElsewhere(e)) {
                throw new CliException(CliException.FAILURE, where + " is owned by another process (" + holder(e)
                        + ") — steer its runs there (its steadfast console, or its own code), or stop it and retry");
            }
            throw new CliException(CliException.FAILURE, e.getMessage());
        }
    }

    private static Opened openOwner(Path file, String where) {
        try {
            var b = EmbeddedEngine.builder().database(file);
            ExampleCatalog.workflows().forEach(b::register);
            return new Opened(b.build(), where, null);
        } catch (SteadfastException e) {
            if (!isOwnedElsewhere(e)) {
                throw e;
            }
            var engine = EmbeddedEngine.builder().database(file).access(Access.READ_ONLY).build();
            return new Opened(engine, where, "read-only: " + where + " is owned by another process (" + holder(e)
                    + "); steer its runs there");
        }
    }

    /** The namespace, from {@code --namespace} or the environment. */
    String namespace() {
        return namespace != null ? namespace : ctx.env("STEADFAST_TEMPORAL_NAMESPACE", "default");
    }

    /**
     * A Temporal engine builder for {@code target} with the namespace, TLS, API key and task queue of
     * these options, and the examples registered (so start and fork know their types).
     */
    TemporalEngine.Builder temporalBuilder(String target) {
        String key = apiKey != null ? apiKey : ctx.env("STEADFAST_TEMPORAL_API_KEY", null);
        boolean useTls = tls || Boolean.parseBoolean(ctx.env("STEADFAST_TEMPORAL_TLS", "false"));
        var b = TemporalEngine.builder().target(target).namespace(namespace()).tls(useTls)
                .taskQueue(taskQueue != null ? taskQueue : ctx.env("STEADFAST_TASK_QUEUE", "steadfast"));
        if (key != null) {
            b.apiKey(key);
        }
        List<Workflow<?, ?>> known = ExampleCatalog.workflows();
        known.forEach(b::register);
        return b;
    }

    private Opened openTemporal(String target, Use use) {
        try {
            return new Opened(temporalBuilder(target).worker(false).build(), "temporal " + target + "/" + namespace(),
                    use == Use.LOOK ? "opened for looking" : null);
        } catch (RuntimeException e) {
            throw new CliException(CliException.FAILURE, "could not connect to Temporal at " + target + ": " + e.getMessage());
        }
    }

    private static boolean isOwnedElsewhere(SteadfastException e) {
        return e.getMessage() != null && e.getMessage().contains("is in use by another Steadfast engine");
    }

    private static String holder(SteadfastException e) {
        String m = e.getMessage();
        int open = m.indexOf("engine (");
        int close = m.indexOf(')', open);
        return open < 0 || close < 0 ? "holder unknown" : m.substring(open + "engine (".length(), close);
    }
}
