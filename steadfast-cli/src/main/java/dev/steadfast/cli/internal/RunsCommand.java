package dev.steadfast.cli.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.Messages;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runs list | show | watch}: find runs and read their timelines. */
@Command(
        name = "runs",
        description = "Find runs and read their timelines.",
        mixinStandardHelpOptions = true,
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.Show.class, RunsWatch.class})
final class RunsCommand {
    private RunsCommand() {}

    /** {@code runs list}. */
    @Command(name = "list", description = "Runs, newest first.", mixinStandardHelpOptions = true)
    static final class ListRuns implements Runnable {
        private final Context ctx;

        @Mixin
        EngineOptions engine;

        @Option(
                names = "--status",
                split = ",",
                paramLabel = "<status>",
                description = "only these: ${COMPLETION-CANDIDATES} (comma-separated, any case)")
        List<RunStatus> statuses = List.of();

        @Option(names = "--type", paramLabel = "<type>", description = "only runs of this workflow type")
        String type;

        @Option(names = "--id", paramLabel = "<text>", description = "only runs whose id contains this text")
        String id;

        @Option(
                names = "--since",
                paramLabel = "<when>",
                description = "only runs created since: 30m, 2h, 7d, 2026-11-01 or an ISO instant")
        String since;

        @Option(names = "--limit", defaultValue = "50", description = "at most this many (default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--json", description = "JSON for scripts")
        boolean json;

        @Option(
                names = "--no-children",
                description = "hide child runs (agents delegated to); runs show lists them under their parent")
        boolean noChildren;

        ListRuns(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            if (limit < 1 || limit > 10_000) {
                throw new CliException(CliException.USAGE, "--limit must be in 1..10000 but was " + limit);
            }
            RunQuery q = RunQuery.all()
                    .withLimit(limit)
                    .withStatus(statuses.toArray(RunStatus[]::new))
                    .withType(type)
                    .withIdContaining(id);
            if (since != null) {
                q = q.withCreatedBetween(since(since, Instant.now()), null);
            }
            if (noChildren) {
                q = q.withoutChildren();
            }
            PrintWriter out = ctx.term().out();
            if (engine.isDefaultDbMissing()) { // nothing has run here yet: an empty list, not an error
                out.println(
                        json
                                ? "[]"
                                : "no runs yet: no database at " + EngineOptions.DEFAULT_DB
                                        + " (after ./steadfast demo: steadfast runs list --db .steadfast/demo.db)");
                return;
            }
            List<RunInfo> runs;
            String where;
            try (var opened = engine.open(EngineOptions.Use.LOOK)) {
                runs = opened.engine().list(q);
                where = opened.where();
            }
            if (json) {
                out.println(Json.write(Messages.mapper().valueToTree(runs)));
                return;
            }
            if (runs.isEmpty()) {
                out.println("no runs" + (q.statuses().isEmpty() && type == null && since == null ? "" : " match")
                        + " in " + where);
                return;
            }
            out.printf(
                    "%-28s %-22s %-10s %-20s %6s %8s %11s%n",
                    "ID", "TYPE", "STATUS", "CREATED", "STEPS", "TOKENS", "COST");
            for (RunInfo r : runs) {
                String status = String.format("%-10s", r.status().name());
                out.printf(
                        "%-28s %-22s %s %-20s %6d %8s %11s%s%s%n",
                        Terminal.line(r.workflowId(), 28),
                        Terminal.line(r.workflowType(), 22),
                        RunText.statusWord(ctx.term(), r).replace(r.status().name(), status),
                        RunText.time(r.createdAt()),
                        r.stepCount(),
                        RunText.tokens(r.usage().totalTokens()),
                        RunText.cost(r.cost()),
                        r.pendingApprovals().isEmpty()
                                ? ""
                                : "  " + r.pendingApprovals().size() + " pending approval(s)",
                        RunText.isBlocked(r)
                                ? "  blocked: " + Terminal.line(r.error().summary(), 100)
                                : "");
            }
        }

        /** {@code 30m}, {@code 2h}, {@code 7d}, {@code 45s}, a date or an ISO instant. */
        static Instant since(String text, Instant now) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            try {
                Duration d = Durations.shortForm(t);
                if (d != null) {
                    return now.minus(d);
                }
                if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                    return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
                }
                return Instant.parse(text.strip());
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new CliException(
                        CliException.USAGE,
                        "--since takes 30m, 2h, 7d, 2026-11-01 or an ISO instant, not '" + Terminal.line(text, 60)
                                + "'");
            }
        }
    }

    /** {@code runs show}. */
    @Command(
            name = "show",
            description = "A run's timeline: each step's kind, status, attempts and their errors, time, tokens, cost.",
            mixinStandardHelpOptions = true)
    static final class Show implements Runnable {
        private final Context ctx;

        @Mixin
        EngineOptions engine;

        @Parameters(paramLabel = "<id>", description = "the run's id")
        String id;

        @Option(names = "--json", description = "the run and its steps as JSON, for scripts")
        boolean json;

        @Option(names = "--step", paramLabel = "<seq>", description = "one step in full: its input, output and error")
        Integer step;

        Show(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            RunInfo info;
            List<StepRecord> steps;
            List<String> tree;
            try (var opened = engine.open(EngineOptions.Use.LOOK)) {
                info = Lookups.describe(opened, engine, id);
                steps = Lookups.orNotFound(
                        opened, engine, id, () -> opened.engine().history(id));
                tree = RunTree.lines(opened.engine(), info);
            }
            PrintWriter out = ctx.term().out();
            if (step != null) {
                StepRecord s = steps.stream()
                        .filter(x -> x.seq() == step)
                        .findFirst()
                        .orElseThrow(() -> new CliException(
                                CliException.NOT_FOUND,
                                "run '" + Terminal.line(id, 200) + "' has no step " + step + " (it has " + steps.size()
                                        + ") — see them with: steadfast runs show " + id + engine.dbHint()));
                if (json) {
                    out.println(Json.write(Messages.mapper().valueToTree(s)));
                    return;
                }
                showStep(out, s);
                return;
            }
            if (json) {
                ObjectNode doc = Messages.mapper().createObjectNode();
                doc.set("run", Messages.mapper().valueToTree(info));
                doc.set("steps", Messages.mapper().valueToTree(steps));
                out.println(Json.write(doc));
                return;
            }
            RunText.header(out, ctx.term(), info, engine.dbHint());
            if (info.parentId() != null) {
                out.println("child run of " + Terminal.line(info.parentId(), 200));
            }
            tree.forEach(out::println);
            RunText.decisions(out, info);
            out.println();
            RunText.timeline(out, ctx.term(), steps, info.decisions());
        }

        private void showStep(PrintWriter out, StepRecord s) {
            out.println(RunText.STEP_HEADER);
            RunText.step(out, ctx.term(), s);
            out.println("  started " + RunText.time(s.startedAt()) + ", ended " + RunText.time(s.endedAt()));
            out.println();
            out.println("input:");
            out.println(RunText.json(s.input()));
            out.println();
            out.println("output:");
            out.println(RunText.json(s.output()));
            if (s.error() != null && s.error().stackTrace() != null) {
                out.println();
                out.println("error:");
                out.println(Terminal.safe(s.error().stackTrace().strip(), true));
            }
        }
    }
}
