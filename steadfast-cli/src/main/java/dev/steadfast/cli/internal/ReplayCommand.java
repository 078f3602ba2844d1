package dev.steadfast.cli.internal;

import dev.steadfast.run.ReplayReport;
import dev.steadfast.run.RunQuery;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code steadfast replay}: replays recorded runs against the workflows this build registers, without
 * running any step or writing anything, and lists every run whose code no longer matches its journal.
 * Exits non-zero on a divergence, for CI. Runs of workflows this build does not register are
 * divergences too; check one run with {@code --run}. A project's own workflows are checked the same
 * way in its tests, with {@code ReplayChecker} from steadfast-testing.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay recorded runs against this build's workflows without running any step or writing anything,"
                + " and report every run whose code no longer matches its journal (exit 1 if any does): for CI before a deploy.",
                "Your own workflows: ReplayChecker.of(engine).assertReplays() in a test (steadfast-testing)."})
final class ReplayCommand implements Runnable {
    private final Context ctx;
    @Mixin EngineOptions engine;

    @Option(names = "--run", paramLabel = "<id>", description = "replay only this run")
    String runId;

    @Option(names = "--limit", paramLabel = "<n>", description = "the most runs to replay, newest first (default 10000)")
    int limit = 10_000;

    ReplayCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public void run() {
        if (engine.temporalTarget() != null) {
            throw new CliException(CliException.USAGE, "replay checks the embedded engine's runs (--db <file>); on"
                    + " Temporal, replay histories with Temporal's WorkflowReplayer");
        }
        if (limit < 1 || limit > 10_000) {
            throw new CliException(CliException.USAGE, "--limit must be between 1 and 10000 but was " + limit);
        }
        try (var opened = engine.open(EngineOptions.Use.REPLAY)) {
            ReplayReport report;
            if (runId != null) {
                Lookups.describe(opened, engine, runId);
                report = only(opened.engine().checkReplay(RunQuery.all().withIdContaining(runId).withLimit(limit)), runId);
            } else {
                report = opened.engine().checkReplay(RunQuery.all().withLimit(limit));
            }
            print(ctx.term().out(), report, opened.where());
            if (!report.matches()) {
                throw new CliException(CliException.FAILURE, report.divergences().size() + " of "
                        + report.checkedRuns().size() + " runs do not replay on this build's code (registered: "
                        + String.join(", ", ExampleCatalog.names()) + ")");
            }
        }
    }

    private static ReplayReport only(ReplayReport report, String id) {
        return new ReplayReport(report.checkedRuns().stream().filter(id::equals).toList(),
                report.divergences().stream().filter(d -> d.workflowId().equals(id)).toList());
    }

    private static void print(PrintWriter out, ReplayReport report, String where) {
        for (ReplayReport.Divergence d : report.divergences()) {
            out.println("DIVERGED " + Terminal.line(d.workflowId(), 200) + " (" + Terminal.line(d.workflowType(), 100) + ")");
            out.println("  " + Terminal.line(d.problem(), 1000));
        }
        int ok = report.checkedRuns().size() - report.divergences().size();
        out.println("replayed " + report.checkedRuns().size() + " run(s) of " + where + ": " + ok + " match, "
                + report.divergences().size() + " diverged");
    }
}
