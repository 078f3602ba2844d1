package dev.steadfast.cli.internal;

import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runs watch}: follows a run, printing each step as it is recorded (and each failed attempt as
 * it happens), until the run ends. On a terminal one progress line is redrawn below them; piped, only
 * whole lines are written. Exits 0 when the run completes, 1 when it fails or is cancelled.
 */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Follow a run live: steps appear as they complete, until it ends.",
            "Exit code: 0 when the run completes, 1 when it fails or is cancelled (Ctrl-C stops watching, not the run)."
        })
final class RunsWatch implements Runnable {
    private final Context ctx;

    @Mixin
    EngineOptions engine;

    @Parameters(paramLabel = "<id>", description = "the run's id")
    String id;

    @Option(
            names = "--interval",
            defaultValue = "250",
            paramLabel = "<ms>",
            description = "how often to look, in ms (default ${DEFAULT-VALUE})")
    long intervalMillis;

    @Option(
            names = "--timeout",
            paramLabel = "<seconds>",
            description = "stop watching after this long (exit 1); default: until it ends")
    Long timeoutSeconds;

    RunsWatch(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public void run() {
        PrintWriter out = ctx.term().out();
        Instant deadline = timeoutSeconds == null ? null : Instant.now().plusSeconds(timeoutSeconds);
        try (var opened = engine.open(EngineOptions.Use.LOOK)) {
            RunInfo info = Lookups.describe(opened, engine, id);
            out.println("watching run " + Terminal.line(id, 200) + " (" + Terminal.line(info.workflowType(), 100)
                    + ") in " + opened.where() + (ctx.term().tty() ? " — Ctrl-C stops watching, not the run" : ""));
            out.println(RunText.STEP_HEADER);
            out.flush();
            try (RunsWatchText answers = RunsWatchText.start(opened.engine(), id, out)) {
                follow(out, opened, info, deadline, answers);
            }
        }
    }

    private void follow(
            PrintWriter out, EngineOptions.Opened opened, RunInfo info, Instant deadline, RunsWatchText answers) {
        int printed = 0;
        Map<Integer, Integer> attemptsShown = new HashMap<>();
        boolean progressShown = false;
        RunStatus lastStatus = null;
        String lastWaits = "";
        while (true) {
            List<StepRecord> steps = opened.engine().history(id);
            info = opened.engine().describe(id);
            if (info.status().isTerminal()) {
                answers.awaitEnd(); // the last answer is printed before the run's summary
            }
            synchronized (out) { // the answers' thread prints between rounds, never inside one
                if (progressShown) {
                    out.print("\r\u001b[K");
                    progressShown = false;
                }
                for (StepRecord s : steps) {
                    if (s.seq() == printed + 1
                            && (s.status() == StepStatus.COMPLETED || s.status() == StepStatus.FAILED)) {
                        answers.breakLine();
                        RunText.step(out, ctx.term(), s);
                        printed = s.seq();
                    } else if (s.seq() > printed
                            && s.failedAttempts().size() > attemptsShown.getOrDefault(s.seq(), 0)) {
                        answers.breakLine();
                        var a = s.failedAttempts().getLast();
                        out.printf(
                                "  %3d  %-11s %-28s attempt %d failed: %s%n",
                                s.seq(),
                                RunText.lower(s.kind()),
                                Terminal.line(s.name(), 28),
                                a.attempt(),
                                Terminal.line(a.error().summary(), 400));
                        attemptsShown.put(s.seq(), s.failedAttempts().size());
                    }
                }
                String waits = waitingFor(info);
                if (!info.status().isTerminal()
                        && (info.status() != lastStatus && lastStatus != null
                                || !waits.isEmpty() && !waits.equals(lastWaits))) {
                    answers.breakLine();
                    out.println("  run is " + info.status() + waits);
                }
                lastWaits = waits;
                lastStatus = info.status();
                if (info.status().isTerminal()) {
                    answers.breakLine();
                    out.println();
                    RunText.header(out, ctx.term(), info, engine.dbHint());
                    out.flush();
                    if (info.status() != RunStatus.COMPLETED) {
                        throw new CliException(
                                CliException.FAILURE, "run '" + Terminal.line(id, 200) + "' ended " + info.status());
                    }
                    return;
                }
                if (ctx.term().tty() && !answers.midText()) {
                    out.print(progress(info, steps, printed));
                    progressShown = true;
                }
                out.flush();
            }
            if (deadline != null && Instant.now().isAfter(deadline)) {
                if (progressShown) {
                    out.println();
                }
                throw new CliException(
                        CliException.FAILURE,
                        "run '" + Terminal.line(id, 200) + "' is still " + info.status() + " after " + timeoutSeconds
                                + " s; it goes on");
            }
            sleep();
        }
    }

    /** What a run waits for, said once each time it changes: ", waiting for ..." or "". */
    static String waitingFor(RunInfo info) {
        if (info.pendingCancel() != null) {
            return ", " + RunText.waitingToApply("cancel requested", info.pendingCancel());
        }
        if (!info.pendingApprovals().isEmpty()) {
            var p = info.pendingApprovals().getFirst();
            return p.decided() != null
                    ? ", " + Terminal.line(p.toolName(), 60) + " "
                            + RunText.waitingToApply(p.decided().answerVerb(), p.decided())
                    : ", waiting for " + (p.external() ? "the result of " : "approval of ")
                            + Terminal.line(p.toolName(), 60) + " (" + Terminal.line(p.toolCallId(), 80) + ")";
        }
        if (!info.awaitingSignals().isEmpty()) {
            return ", waiting for signal " + Terminal.line(String.join(", ", info.awaitingSignals()), 80)
                    + (info.wakeAt() == null ? "" : " until " + RunText.time(info.wakeAt()));
        }
        return info.wakeAt() == null ? "" : ", sleeping until " + RunText.time(info.wakeAt());
    }

    private static String progress(RunInfo info, List<StepRecord> steps, int done) {
        StepRecord current =
                steps.stream().filter(s -> s.seq() > done).findFirst().orElse(null);
        String doing = current == null
                ? ""
                : ", step " + current.seq() + " " + Terminal.line(current.name(), 40) + " "
                        + RunText.lower(current.status());
        return "  … " + info.status() + waitingFor(info) + doing + ", " + done + " done, "
                + RunText.duration(Duration.between(info.createdAt(), Instant.now()));
    }

    private void sleep() {
        try {
            Thread.sleep(Math.max(20, intervalMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.FAILURE, "interrupted");
        }
    }
}
