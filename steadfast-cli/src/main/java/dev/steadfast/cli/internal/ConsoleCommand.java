package dev.steadfast.cli.internal;

import dev.steadfast.cli.internal.console.ConsoleServer;
import java.io.IOException;
import java.net.BindException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code console}: the web console. On an embedded database it is the file's owner and runs the
 * examples' workflows (so approvals given in it take effect at once); when another process owns the
 * file it records decisions, signals, starts and forks for that owner, which applies them at once.
 * It creates a database only with {@code --create}.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"The web console: runs, timelines, conversations; approve, deny, cancel, fork.",
                "Serves 127.0.0.1 only, unless --bind is given with --token (bearer, for every API call)."})
final class ConsoleCommand implements Runnable {
    private final Context ctx;
    @Mixin EngineOptions engine;

    @Option(names = "--port", defaultValue = "8080", description = "the port (default ${DEFAULT-VALUE}; 0: any free one)")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "the address (default ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--token", paramLabel = "<secret>", description = "bearer token required by the API (env STEADFAST_CONSOLE_TOKEN);"
            + " needed for any address but loopback")
    String token;

    @Option(names = "--create", description = "create the database if it does not exist (without it, a missing --db is an error)")
    boolean create;

    ConsoleCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public void run() {
        String secret = token != null ? token : ctx.env("STEADFAST_CONSOLE_TOKEN", null);
        try {
            new ConsoleServer.Settings(bind, port, secret, null, null); // checked before the engine opens
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, e.getMessage());
        }
        var opened = engine.open(EngineOptions.Use.OWN, create);
        ConsoleServer server;
        try {
            server = ConsoleServer.start(opened.engine(), new ConsoleServer.Settings(bind, port, secret,
                    opened.readOnlyReason(), opened.where(), ExampleCatalog.names()));
        } catch (IllegalArgumentException e) {
            opened.close();
            throw new CliException(CliException.USAGE, e.getMessage());
        } catch (BindException e) {
            opened.close();
            throw new CliException(CliException.FAILURE, "cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                    + ") — pick another with --port");
        } catch (IOException e) {
            opened.close();
            throw new CliException(CliException.FAILURE, "cannot start the console: " + e.getMessage());
        }
        String url = server.uri() + (secret == null ? "" : "#token=<your token>");
        TemporalCommand.serve(ctx, () -> {
            server.close();
            opened.close();
        }, "console for " + opened.where() + " on " + url
                + (opened.readOnlyReason() == null ? "" : "\n  " + opened.readOnlyReason())
                + (opened.note() == null ? "" : "\n  " + opened.note()));
    }
}
