package dev.steadfast.cli.internal;

import dev.steadfast.temporal.TemporalEngine;
import dev.steadfast.workflow.WorkflowEngine;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code temporal worker | dev-server}. */
@Command(
        name = "temporal",
        mixinStandardHelpOptions = true,
        description = "Run the examples on Temporal.",
        subcommands = {TemporalCommand.Worker.class, TemporalCommand.DevServer.class})
final class TemporalCommand {
    private TemporalCommand() {}

    @Command(
            name = "worker",
            mixinStandardHelpOptions = true,
            description = "A Temporal worker for the examples' workflows and agents (offline models), until Ctrl-C.")
    static final class Worker implements Runnable {
        private final Context ctx;

        @Mixin
        EngineOptions engine;

        Worker(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            String target = engine.temporalTarget();
            if (target == null) {
                throw new CliException(
                        CliException.USAGE,
                        "name the Temporal service: --temporal <host:port> (or env STEADFAST_TEMPORAL);"
                                + " none running? try: steadfast temporal dev-server");
            }
            serve(
                    ctx,
                    worker(engine, target),
                    "worker on " + target + " running " + String.join(", ", ExampleCatalog.names()));
        }

        static WorkflowEngine worker(EngineOptions opts, String target) {
            try {
                return opts.temporalBuilder(target).build();
            } catch (CliException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CliException(
                        CliException.FAILURE, "could not start a worker on " + target + ": " + e.getMessage());
            }
        }
    }

    @Command(
            name = "dev-server",
            mixinStandardHelpOptions = true,
            description = {
                "Temporal's in-process Java test server on a port, with a worker for the examples, until Ctrl-C.",
                "Nothing to install; its state is lost when it stops."
            })
    static final class DevServer implements Runnable {
        private final Context ctx;

        @Option(names = "--port", defaultValue = "7233", description = "the port (default ${DEFAULT-VALUE})")
        int port;

        @Option(
                names = "--bind",
                defaultValue = "127.0.0.1",
                description = "the address (default ${DEFAULT-VALUE}; the server has no"
                        + " authentication, so anything else opens it to whoever reaches that address)")
        String bind;

        DevServer(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            LoopbackTestServer server;
            try {
                server = LoopbackTestServer.start(bind, port);
            } catch (java.io.IOException e) {
                throw new CliException(
                        CliException.FAILURE,
                        "cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                                + ") — is another server on that port? pick one with --port");
            }
            String host = bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
            String target = (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
            WorkflowEngine worker = TemporalEngine.builder()
                    .target(target)
                    .taskQueue("steadfast")
                    .register(ExampleCatalog.workflows().toArray(dev.steadfast.workflow.Workflow<?, ?>[]::new))
                    .build();
            serve(
                    ctx,
                    () -> {
                        worker.close();
                        server.close();
                    },
                    "Temporal test server on " + bind + ":" + server.port()
                            + " (state is lost on stop), worker running " + String.join(", ", ExampleCatalog.names())
                            + "\n  try: steadfast runs list --temporal " + target);
        }
    }

    /** Prints {@code what} and blocks until the process is stopped, then closes {@code resource}. */
    static void serve(Context ctx, AutoCloseable resource, String what) {
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                resource.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
            stopped.countDown();
        }));
        ctx.term().out().println(what + "\n  Ctrl-C stops it.");
        ctx.term().out().flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
