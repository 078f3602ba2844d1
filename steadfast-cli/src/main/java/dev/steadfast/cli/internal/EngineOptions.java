package dev.steadfast.cli.internal;

import dev.steadfast.SteadfastException;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.engine.EmbeddedEngine.Access;
import dev.steadfast.error.DatabaseInUseException;
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
 * their signal or decision (who, when) and leave the run to the process that owns the file, which
 * applies it at once ({@link Access#STEER_ONLY}). Only the console creates a database, and only with
 * {@code --create}.
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

    /**
     * An open engine, where it is, why it is read-only ({@code null}: it is not), who steers through it,
     * and a note on who runs its workflows when that is another process ({@code null}: this one, or none).
     */
    public record Opened(WorkflowEngine engine, String where, String readOnlyReason, String actor, String note)
            implements AutoCloseable {
        @Override
        public void close() {
            engine.close();
        }
    }

    private final Context ctx;

    @Option(
            names = "--db",
            paramLabel = "<file>",
            description = "embedded database (env STEADFAST_DB; default " + DEFAULT_DB + ")")
    String db;

    @Option(
            names = "--temporal",
            paramLabel = "<host:port>",
            description = "a Temporal service instead (env STEADFAST_TEMPORAL)")
    String temporal;

    @Option(
            names = "--namespace",
            paramLabel = "<ns>",
            description = "Temporal namespace (env STEADFAST_TEMPORAL_NAMESPACE; default: default)")
    String namespace;

    @Option(
            names = "--api-key",
            paramLabel = "<key>",
            description = "Temporal Cloud API key; prefer env STEADFAST_TEMPORAL_API_KEY")
    String apiKey;

    @Option(names = "--tls", description = "connect to Temporal with TLS (env STEADFAST_TEMPORAL_TLS=true)")
    boolean tls;

    @Option(
            names = "--codec",
            paramLabel = "<class>",
            description = "a PayloadCodec the runs were written with,"
                    + " outermost last; repeatable (env STEADFAST_TEMPORAL_CODECS, comma-separated; PayloadCodec services on the"
                    + " class path, STEADFAST_CLASSPATH, are used too)")
    List<String> codecs;

    @Option(
            names = "--search-attributes",
            description = "runs started here carry Steadfast's search attributes, and list asks the server for"
                    + " WAITING runs; registers them in the namespace if missing (env"
                    + " STEADFAST_TEMPORAL_SEARCH_ATTRIBUTES=true)")
    boolean searchAttributes;

    @Option(
            names = "--tls-cert",
            paramLabel = "<pem>",
            description =
                    "client certificate chain for mutual TLS, with" + " --tls-key (env STEADFAST_TEMPORAL_TLS_CERT)")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "<pem>",
            description = "the client certificate's PKCS#8 private key" + " (env STEADFAST_TEMPORAL_TLS_KEY)")
    Path tlsKey;

    @Option(
            names = "--tls-ca",
            paramLabel = "<pem>",
            description = "CA certificates the server's certificate is"
                    + " checked with, instead of the JVM's (env STEADFAST_TEMPORAL_TLS_CA)")
    Path tlsCa;

    @Option(
            names = "--task-queue",
            paramLabel = "<queue>",
            description = "Temporal task queue (env STEADFAST_TASK_QUEUE; default: steadfast)")
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
        return temporalTarget() == null
                && db == null
                && ctx.env("STEADFAST_DB", null) == null
                && !Files.isRegularFile(Path.of(DEFAULT_DB));
    }

    /** The {@code --db} part a follow-up command needs ("" for the default). */
    public String dbHint() {
        return temporalTarget() != null
                ? " --temporal " + Terminal.arg(temporalTarget())
                : dbName().equals(DEFAULT_DB) ? "" : " --db " + Terminal.arg(dbName());
    }

    public Opened open(Use use) {
        return open(use, false);
    }

    /** Opens the engine; {@code create}: an embedded database that does not exist is created (the console's {@code --create}). */
    public Opened open(Use use, boolean create) {
        String target = temporalTarget();
        return target != null ? openTemporal(target, use) : openEmbedded(use, create);
    }

    /** Who steers through this CLI, recorded with each decision: env STEADFAST_ACTOR, else the OS user. */
    String actor() {
        return ctx.env("STEADFAST_ACTOR", System.getProperty("user.name", "unknown"));
    }

    private Opened openEmbedded(Use use, boolean create) {
        Path file = Path.of(dbName());
        String where = dbName();
        if (Files.isDirectory(file)) {
            throw new CliException(
                    CliException.USAGE,
                    where + " is a directory, not a database file — name the file" + " in it, e.g. --db "
                            + file.resolve("steadfast.db") + DbFiles.listed(file));
        }
        if (!Files.isRegularFile(file) && !create) {
            throw new CliException(
                    CliException.NOT_FOUND,
                    "no database at " + where + DbFiles.nearby(file)
                            + " — run something first (./steadfast demo writes .steadfast/demo.db), name one with --db <file>"
                            + (use == Use.OWN ? ", or add --create to start an empty one there" : ""));
        }
        String actor = use == Use.OWN ? actor() + " (console)" : actor();
        try {
            return switch (use) {
                case LOOK ->
                    new Opened(
                            EmbeddedEngine.builder()
                                    .database(file)
                                    .access(Access.READ_ONLY)
                                    .build(),
                            where,
                            "opened for looking",
                            actor,
                            null);
                case STEER -> { // the examples registered so inputs and signals are checked against their types
                    var b = EmbeddedEngine.builder()
                            .database(file)
                            .access(Access.STEER_ONLY)
                            .actor(actor);
                    ExampleCatalog.workflows().forEach(b::register);
                    yield new Opened(b.build(), where, null, actor, null);
                }
                case OWN -> openOwner(file, where, actor);
                case REPLAY -> {
                    var b = EmbeddedEngine.builder().database(file).access(Access.READ_ONLY);
                    ExampleCatalog.workflows().forEach(b::register);
                    yield new Opened(b.build(), where, "opened for a replay check", actor, null);
                }
            };
        } catch (SteadfastException e) {
            throw new CliException(CliException.FAILURE, e.getMessage());
        }
    }

    /** The owner of {@code file}; when another process owns it, an engine that records decisions for that owner to apply. */
    private static Opened openOwner(Path file, String where, String actor) {
        try {
            var b = EmbeddedEngine.builder().database(file).actor(actor);
            ExampleCatalog.workflows().forEach(b::register);
            return new Opened(b.build(), where, null, actor, null);
        } catch (DatabaseInUseException e) {
            var b = EmbeddedEngine.builder()
                    .database(file)
                    .access(Access.STEER_ONLY)
                    .actor(actor);
            ExampleCatalog.workflows().forEach(b::register);
            return new Opened(
                    b.build(),
                    where,
                    null,
                    actor,
                    "another process owns " + where + " (" + e.holder()
                            + ") and runs its workflows; what you decide here is recorded, and it applies it at once");
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
        var b = TemporalEngine.builder()
                .target(target)
                .namespace(namespace())
                .tls(useTls)
                .taskQueue(taskQueue != null ? taskQueue : ctx.env("STEADFAST_TASK_QUEUE", "steadfast"))
                .actor(actor());
        if (key != null) {
            b.apiKey(key);
        }
        connection(b);
        List<Workflow<?, ?>> known = ExampleCatalog.workflows();
        known.forEach(b::register);
        return b;
    }

    /** Codecs and TLS files, from the options or the environment: every command and the console read runs alike. */
    private void connection(TemporalEngine.Builder b) {
        b.searchAttributes(
                searchAttributes || Boolean.parseBoolean(ctx.env("STEADFAST_TEMPORAL_SEARCH_ATTRIBUTES", "false")));
        var named = codecs != null ? codecs : Codecs.fromEnv(ctx.env("STEADFAST_TEMPORAL_CODECS", null));
        var loaded = Codecs.load(named, Thread.currentThread().getContextClassLoader());
        if (!loaded.isEmpty()) {
            b.payloadCodecs(loaded.toArray(io.temporal.payload.codec.PayloadCodec[]::new));
        }
        Path cert = tlsCert != null ? tlsCert : path("STEADFAST_TEMPORAL_TLS_CERT");
        Path key = tlsKey != null ? tlsKey : path("STEADFAST_TEMPORAL_TLS_KEY");
        Path ca = tlsCa != null ? tlsCa : path("STEADFAST_TEMPORAL_TLS_CA");
        if ((cert == null) != (key == null)) {
            throw new CliException(
                    CliException.USAGE,
                    "mutual TLS needs both --tls-cert and --tls-key (or env"
                            + " STEADFAST_TEMPORAL_TLS_CERT and STEADFAST_TEMPORAL_TLS_KEY); only "
                            + (cert != null ? "the" + " certificate" : "the key") + " was given");
        }
        for (Path p : java.util.Arrays.asList(cert, key, ca)) {
            if (p != null && !Files.isReadable(p)) {
                throw new CliException(
                        CliException.USAGE, "cannot read the TLS file " + p + " — give the path of a PEM" + " file");
            }
        }
        if (cert != null) {
            b.mtls(cert, key);
        }
        if (ca != null) {
            b.caCertificates(ca);
        }
    }

    private Path path(String env) {
        String v = ctx.env(env, null);
        return v == null || v.isBlank() ? null : Path.of(v);
    }

    /** The Temporal service this process last connected to, for {@link #unreachableTemporal}. */
    private static volatile String lastTemporal;

    /**
     * A one-line message for a failure to reach Temporal (gRPC UNAVAILABLE or DEADLINE_EXCEEDED anywhere
     * in {@code e}'s causes), naming the address and what to check; {@code null} for any other failure.
     */
    static String unreachableTemporal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.grpc.StatusRuntimeException s
                    && (s.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE
                            || s.getStatus().getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED)) {
                Throwable root = s;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                String target = lastTemporal == null ? "the --temporal address" : lastTemporal;
                @SuppressWarnings("ReferenceEquality") // whether the status error has a cause of its own
                boolean deeper = root != s && root.getMessage() != null;
                return "could not reach Temporal at " + target + " ("
                        + s.getStatus().getCode()
                        + (deeper ? ": " + Terminal.line(root.getMessage(), 200) : "")
                        + ") — check that a Temporal service listens there (none? start one: steadfast temporal dev-server),"
                        + " the host and port, and --tls / --api-key for Temporal Cloud";
            }
        }
        return null;
    }

    private Opened openTemporal(String target, Use use) {
        lastTemporal = target;
        try {
            return new Opened(
                    temporalBuilder(target).worker(false).build(),
                    "temporal " + target + "/" + namespace(),
                    use == Use.LOOK ? "opened for looking" : null,
                    actor(),
                    null);
        } catch (CliException e) {
            throw e; // a codec or TLS option it could not use: it says which
        } catch (RuntimeException e) {
            String unreachable = unreachableTemporal(e);
            throw new CliException(
                    CliException.FAILURE,
                    unreachable != null
                            ? unreachable
                            : "could not connect to Temporal at " + target + ": " + e.getMessage());
        }
    }
}
