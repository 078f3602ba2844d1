package dev.steadfast.cli.internal;

import dev.steadfast.error.NoSuchRunException;
import dev.steadfast.schedule.NoSuchScheduleException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top command: its subcommands, its help, and how failures become one line and an exit code. */
@Command(
        name = "steadfast",
        mixinStandardHelpOptions = true,
        version = "steadfast 0.1.0",
        description = "See and steer durable agent runs, on the embedded engine (--db) or Temporal (--temporal).",
        subcommands = {
            DemoCommand.class,
            RunsCommand.class,
            SchedulesCommand.class,
            SteerCommands.Signal.class,
            SteerCommands.Approve.class,
            SteerCommands.Deny.class,
            SteerCommands.Complete.class,
            SteerCommands.Cancel.class,
            SteerCommands.Fork.class,
            StartCommand.class,
            ReplayCommand.class,
            ConsoleCommand.class,
            TemporalCommand.class
        },
        footer = {
            "",
            "Engine: --db <file> (default ./.steadfast/steadfast.db, env STEADFAST_DB) or --temporal <host:port>"
                    + " (env STEADFAST_TEMPORAL), on each command.",
            "Exit codes: 0 ok, or what was asked is already in place; 1 failure, or the run",
            "has ended and nothing was done; 2 usage error; 3 not found (run, step,",
            "approval, schedule or database).",
            "The launcher also runs: ./steadfast test (the test suite), ./steadfast bench (the benchmarks),",
            "./steadfast install (the modules into ~/.m2, for your own projects)."
        })
public final class SteadfastCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
    }

    /** Parses {@code args}, runs the command, and returns its exit code. */
    public static int execute(Context ctx, String... args) {
        var cl = new CommandLine(new SteadfastCommand(), new ContextFactory(ctx));
        cl.setOut(ctx.term().out()).setErr(ctx.term().err()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                ctx.term().tty() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cl.setExitCodeExceptionMapper(SteadfastCommand::exitCode);
        cl.setParameterExceptionHandler((e, a) -> {
            ctx.term()
                    .err()
                    .println("steadfast: " + e.getMessage() + " — see: steadfast " + commandPath(e.getCommandLine())
                            + "--help");
            return CliException.USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            ctx.term().err().println("steadfast: " + message(e));
            return exitCode(e);
        });
        return cl.execute(args);
    }

    private static String commandPath(CommandLine cl) {
        String path = cl.getCommandSpec().qualifiedName(" ");
        path = path.startsWith("steadfast")
                ? path.substring("steadfast".length()).strip()
                : path;
        return path.isEmpty() ? "" : path + " ";
    }

    private static int exitCode(Throwable e) {
        if (e instanceof CliException c) {
            return c.exitCode();
        }
        if (e instanceof NoSuchRunException || e instanceof NoSuchScheduleException) {
            return CliException.NOT_FOUND;
        }
        return CliException.FAILURE;
    }

    private static String message(Throwable e) {
        String unreachable = EngineOptions.unreachableTemporal(e);
        if (unreachable != null) {
            return unreachable;
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return Terminal.line(m, 2000);
    }

    /** Builds commands and mixins with the {@link Context}, when they take one. */
    private record ContextFactory(Context ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                var c = cls.getDeclaredConstructor(Context.class);
                c.setAccessible(true);
                return c.newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
