package dev.steadfast.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Messages;
import dev.steadfast.schedule.CatchUpPolicy;
import dev.steadfast.schedule.OverlapPolicy;
import dev.steadfast.schedule.Schedule;
import dev.steadfast.schedule.ScheduleInfo;
import dev.steadfast.schedule.ScheduleSpec;
import dev.steadfast.schedule.Schedules;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code schedules list | show | create | pause | resume | trigger | delete}: workflows started on a cron or an interval. */
@Command(
        name = "schedules",
        description = "Workflows started on a cron expression or an interval: list, show, create, pause, resume,"
                + " trigger, delete.",
        mixinStandardHelpOptions = true,
        subcommands = {
            SchedulesCommand.ListSchedules.class,
            SchedulesCommand.Show.class,
            SchedulesCommand.Create.class,
            SchedulesCommand.Pause.class,
            SchedulesCommand.Resume.class,
            SchedulesCommand.Trigger.class,
            SchedulesCommand.Delete.class
        })
final class SchedulesCommand {
    private SchedulesCommand() {}

    /** Runs {@code call} on the engine's schedules, opened for {@code use}. */
    private static <T> T with(EngineOptions engine, EngineOptions.Use use, Function<Schedules, T> call) {
        try (var opened = engine.open(use)) {
            return call.apply(opened.engine().schedules());
        } catch (UnsupportedOperationException e) {
            throw new CliException(CliException.FAILURE, e.getMessage());
        }
    }

    private static String when(ScheduleInfo i) {
        return switch (i.schedule().spec()) {
            case ScheduleSpec.Cron c -> "cron '" + c.expression() + "' " + c.zone();
            case ScheduleSpec.Interval v ->
                "every " + span(v.every()) + (v.offset().isZero() ? "" : " +" + span(v.offset()));
        };
    }

    /** A duration as the options take it: 1d, 2h, 5m, 30s or 250ms. */
    static String span(Duration d) {
        long ms = d.toMillis();
        long[] units = {86_400_000, 3_600_000, 60_000, 1_000};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }

    /** {@code schedules list}. */
    @Command(name = "list", description = "Schedules, by id.", mixinStandardHelpOptions = true)
    static final class ListSchedules implements Runnable {
        private final Context ctx;

        @Mixin
        EngineOptions engine;

        @Option(names = "--json", description = "JSON for scripts")
        boolean json;

        ListSchedules(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            PrintWriter out = ctx.term().out();
            List<ScheduleInfo> all = with(engine, EngineOptions.Use.LOOK, Schedules::list);
            if (json) {
                out.println(Json.write(Messages.mapper().valueToTree(all)));
                return;
            }
            if (all.isEmpty()) {
                out.println("no schedules — create one: steadfast schedules create <id> <type> '<json>' --every 1h");
                return;
            }
            out.printf("%-24s %-22s %-34s %-20s %s%n", "ID", "WORKFLOW", "WHEN", "NEXT", "STATE");
            for (ScheduleInfo i : all) {
                out.printf(
                        "%-24s %-22s %-34s %-20s %s%n",
                        Terminal.line(i.id(), 24),
                        Terminal.line(i.schedule().workflowType(), 22),
                        Terminal.line(when(i), 34),
                        i.nextFireAt() == null ? "-" : RunText.time(i.nextFireAt()),
                        i.schedule().paused() ? "paused" : "active");
            }
        }
    }

    /** {@code schedules show}. */
    @Command(
            name = "show",
            description = "A schedule: what it starts, when, its policies and recent runs.",
            mixinStandardHelpOptions = true)
    static final class Show implements Runnable {
        private final Context ctx;

        @Mixin
        EngineOptions engine;

        @Parameters(paramLabel = "<id>", description = "the schedule's id")
        String id;

        @Option(names = "--json", description = "JSON for scripts")
        boolean json;

        Show(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            ScheduleInfo i = with(engine, EngineOptions.Use.LOOK, s -> s.describe(id));
            PrintWriter out = ctx.term().out();
            if (json) {
                out.println(Json.write(Messages.mapper().valueToTree(i)));
                return;
            }
            Schedule s = i.schedule();
            out.println("schedule " + Terminal.line(i.id(), 200) + (s.paused() ? "  (paused)" : ""));
            out.println("  starts   " + Terminal.line(s.workflowType(), 200) + " with "
                    + Terminal.line(String.valueOf(s.input()), 200));
            out.println("  when     " + Terminal.line(when(i), 200)
                    + (s.jitter().isZero() ? "" : ", jitter " + span(s.jitter())));
            out.println("  overlap  " + s.overlap() + ", catch-up " + s.catchUp());
            out.println("  next     " + (i.nextFireAt() == null ? "-" : RunText.time(i.nextFireAt())));
            out.println("  last     " + (i.lastSlot() == null ? "-" : RunText.time(i.lastSlot())));
            out.println("  runs     " + (i.recentRuns().isEmpty() ? "none yet" : ""));
            i.recentRuns().forEach(r -> out.println("    " + Terminal.line(r, 200)));
        }
    }

    /** {@code schedules create}. */
    @Command(
            name = "create",
            description = "Create a schedule: a workflow started on a cron expression or an interval.",
            mixinStandardHelpOptions = true)
    static final class Create implements Runnable {
        private final Context ctx;

        @Mixin
        EngineOptions engine;

        @Parameters(index = "0", paramLabel = "<id>", description = "the schedule's id (its runs are <id>-<slot time>)")
        String id;

        @Parameters(index = "1", paramLabel = "<type>", description = "the registered workflow or agent to start")
        String type;

        @Parameters(index = "2", paramLabel = "<json>", description = "its input, JSON (a string: '\"text\"')")
        String json;

        @Option(
                names = "--cron",
                paramLabel = "<expr>",
                description = "five fields: minute hour day month weekday," + " e.g. '0 3 * * MON-FRI'")
        String cron;

        @Option(
                names = "--zone",
                paramLabel = "<zone>",
                defaultValue = "UTC",
                description = "the cron's time zone (default ${DEFAULT-VALUE}), e.g. Europe/Berlin")
        String zone;

        @Option(names = "--every", paramLabel = "<duration>", description = "an interval instead: 30s, 5m, 1h, 1d")
        String every;

        @Option(
                names = "--overlap",
                defaultValue = "SKIP",
                description = "while the last run runs: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
        OverlapPolicy overlap;

        @Option(
                names = "--catch-up",
                defaultValue = "RUN_ONCE",
                description = "slots missed while no engine ran: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
        CatchUpPolicy catchUp;

        @Option(names = "--jitter", paramLabel = "<duration>", description = "start each run up to this much late")
        String jitter;

        @Option(names = "--paused", description = "create it paused")
        boolean paused;

        Create(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            if ((cron == null) == (every == null)) {
                throw new CliException(CliException.USAGE, "give one of --cron '<expr>' or --every <duration>");
            }
            JsonNode input = SteerCommands.json(json, "<json>");
            Schedule schedule;
            try {
                var b = Schedule.builder(id)
                        .workflow(type, input)
                        .overlap(overlap)
                        .catchUp(catchUp)
                        .paused(paused);
                if (cron != null) {
                    b.cron(cron, ZoneId.of(zone));
                } else {
                    b.every(duration(every, "--every"));
                }
                if (jitter != null) {
                    b.jitter(duration(jitter, "--jitter"));
                }
                schedule = b.build();
            } catch (IllegalArgumentException | DateTimeException e) {
                throw new CliException(CliException.USAGE, e.getMessage());
            }
            ScheduleInfo i = with(engine, EngineOptions.Use.STEER, s -> s.create(schedule));
            ctx.term()
                    .out()
                    .println("created schedule " + Terminal.line(i.id(), 200) + ": " + when(i) + ", next "
                            + (i.nextFireAt() == null ? "- (paused)" : RunText.time(i.nextFireAt())));
        }
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, or an ISO-8601 duration. */
    static Duration duration(String text, String option) {
        try {
            Duration d = Durations.shortForm(text);
            return d != null ? d : Duration.parse(text.strip());
        } catch (RuntimeException e) {
            throw new CliException(
                    CliException.USAGE,
                    option + " takes 30s, 5m, 1h, 1d or an ISO duration (PT90M), not '" + Terminal.line(text, 60)
                            + "'");
        }
    }

    /** A command on one schedule, by id, that records a change and says what it did. */
    abstract static class OnOne implements Runnable {
        private final Context ctx;

        @Mixin
        EngineOptions engine;

        @Parameters(paramLabel = "<id>", description = "the schedule's id")
        String id;

        OnOne(Context ctx) {
            this.ctx = ctx;
        }

        /** Applies the change; what to print. */
        abstract String apply(Schedules schedules);

        @Override
        public void run() {
            ctx.term().out().println(with(engine, EngineOptions.Use.STEER, this::apply));
        }
    }

    /** {@code schedules pause}. */
    @Command(
            name = "pause",
            description = "Stop a schedule firing (runs in flight go on).",
            mixinStandardHelpOptions = true)
    static final class Pause extends OnOne {
        Pause(Context ctx) {
            super(ctx);
        }

        @Override
        String apply(Schedules schedules) {
            schedules.pause(id);
            return "paused schedule " + Terminal.line(id, 200);
        }
    }

    /** {@code schedules resume}. */
    @Command(
            name = "resume",
            description = "Fire a paused schedule again; slots missed meanwhile follow its catch-up" + " policy.",
            mixinStandardHelpOptions = true)
    static final class Resume extends OnOne {
        Resume(Context ctx) {
            super(ctx);
        }

        @Override
        String apply(Schedules schedules) {
            schedules.resume(id);
            return "resumed schedule " + Terminal.line(id, 200);
        }
    }

    /** {@code schedules trigger}. */
    @Command(
            name = "trigger",
            description = "Start one run of a schedule now (also while paused).",
            mixinStandardHelpOptions = true)
    static final class Trigger extends OnOne {
        Trigger(Context ctx) {
            super(ctx);
        }

        @Override
        String apply(Schedules schedules) {
            String run = schedules.trigger(id);
            return "started run " + Terminal.line(run, 200) + " — follow it: steadfast runs watch " + Terminal.arg(run)
                    + engine.dbHint();
        }
    }

    /** {@code schedules delete}. */
    @Command(
            name = "delete",
            description = "Delete a schedule; the runs it started stay.",
            mixinStandardHelpOptions = true)
    static final class Delete extends OnOne {
        Delete(Context ctx) {
            super(ctx);
        }

        @Override
        String apply(Schedules schedules) {
            schedules.delete(id);
            return "deleted schedule " + Terminal.line(id, 200) + " (its runs stay)";
        }
    }
}
