package dev.steadfast.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.error.DecisionConflictException;
import dev.steadfast.message.Messages;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.Decision;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.run.RunInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The commands that steer a run: signal, approve, deny, cancel, fork. On an embedded database they
 * record what they were told (the CLI executes no run), and the process that owns the file acts on
 * it; if another process owns it now, they refuse and say which.
 */
final class SteerCommands {
    private SteerCommands() {}

    /** What happens next, said once after a steering command succeeded. */
    static String next(EngineOptions.Opened opened) {
        return opened.where().startsWith("temporal ")
                ? ""
                : " (recorded in " + opened.where() + "; the process that owns the file applies it at once, or the next"
                        + " one to open it)";
    }

    @Command(
            name = "signal",
            mixinStandardHelpOptions = true,
            description = "Send a signal with a JSON payload to a run.")
    static final class Signal implements Runnable {
        private final Context ctx;

        @Mixin
        EngineOptions engine;

        @Parameters(index = "0", paramLabel = "<id>", description = "the run's id")
        String id;

        @Parameters(index = "1", paramLabel = "<name>", description = "the signal's name")
        String name;

        @Parameters(index = "2", paramLabel = "<json>", description = "its payload, JSON (a string: '\"text\"')")
        String json;

        @Option(
                names = "--keep",
                description =
                        "send it although the run waits for another signal now: it is kept until the run awaits it")
        boolean keep;

        Signal(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            JsonNode payload = json(json, "<json>");
            try (var opened = engine.open(EngineOptions.Use.STEER)) {
                RunInfo info = Lookups.describe(opened, engine, id);
                refuseIfEnded(info, id, "signal");
                List<String> awaited = info.awaitingSignals();
                if (!keep && !awaited.isEmpty() && !awaited.contains(name)) {
                    throw new CliException(
                            CliException.USAGE,
                            "run '" + Terminal.line(id, 200) + "' waits for signal "
                                    + awaited.stream()
                                            .map(a -> "'" + Terminal.line(a, 100) + "'")
                                            .collect(Collectors.joining(" or "))
                                    + ", not '" + Terminal.line(name, 100)
                                    + "' — check the name; to send it anyway (kept until the run"
                                    + " awaits it), add --keep");
                }
                try {
                    opened.engine().signal(id, name, payload);
                } catch (IllegalArgumentException e) { // the payload does not fit what the run awaits
                    throw new CliException(CliException.USAGE, e.getMessage() + " — nothing was sent");
                } catch (IllegalStateException e) {
                    throw new CliException(CliException.FAILURE, e.getMessage());
                }
                String note = awaited.contains(name) || opened.where().startsWith("temporal ")
                        ? ""
                        : "; the run does not wait for it now, so it is kept until the run awaits '"
                                + Terminal.line(name, 100) + "'";
                ctx.term()
                        .out()
                        .println("sent signal '" + Terminal.line(name, 100) + "' to run " + Terminal.line(id, 200)
                                + " as " + Terminal.line(opened.actor(), 80) + next(opened) + note);
            }
        }
    }

    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description = "Approve a tool call a run waits on; without <toolCallId>, its only pending one.")
    static final class Approve implements Runnable {
        private final Context ctx;

        @Mixin
        EngineOptions engine;

        @Parameters(index = "0", paramLabel = "<id>", description = "the run's id")
        String id;

        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "<toolCallId>",
                description = "the tool call (see: steadfast runs show <id>)")
        String toolCallId;

        @Option(
                names = "--args",
                paramLabel = "<json>",
                description = "run the call with these arguments (a JSON object) instead of the model's")
        String args;

        Approve(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            JsonNode override = args == null ? null : json(args, "--args");
            if (override != null && !override.isObject()) {
                throw new CliException(
                        CliException.USAGE,
                        "--args must be a JSON object of the tool's arguments,"
                                + " e.g. '{\"to\": \"ops@example.com\"}', but was " + Terminal.line(args, 80));
            }
            answer(
                    ctx,
                    engine,
                    id,
                    toolCallId,
                    "approve",
                    override == null ? ApprovalDecision.approve() : ApprovalDecision.approveWith(override));
        }
    }

    @Command(
            name = "deny",
            mixinStandardHelpOptions = true,
            description = "Deny a tool call a run waits on; the model is told the reason.")
    static final class Deny implements Runnable {
        private final Context ctx;

        @Mixin
        EngineOptions engine;

        @Parameters(index = "0", paramLabel = "<id>", description = "the run's id")
        String id;

        @Parameters(
                index = "1",
                paramLabel = "<toolCallId>",
                description = "the tool call (see: steadfast runs show <id>)")
        String toolCallId;

        @Option(names = "--reason", required = true, paramLabel = "<text>", description = "why; the model sees it")
        String reason;

        Deny(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            answer(ctx, engine, id, toolCallId, "deny", ApprovalDecision.deny(reason));
        }
    }

    @Command(
            name = "complete",
            mixinStandardHelpOptions = true,
            description =
                    "Deliver the result of a call to an external tool a run waits on; the model receives it as the tool's return.")
    static final class Complete implements Runnable {
        private final Context ctx;

        @Mixin
        EngineOptions engine;

        @Parameters(index = "0", paramLabel = "<id>", description = "the run's id")
        String id;

        @Parameters(
                index = "1",
                paramLabel = "<toolCallId>",
                description = "the tool call (see: steadfast runs show <id>)")
        String toolCallId;

        @Parameters(
                index = "2",
                arity = "0..1",
                paramLabel = "<json>",
                description = "the result, JSON (a string: '\"text\"')")
        String result;

        @Option(
                names = "--failed",
                paramLabel = "<text>",
                description = "the call failed; the model sees this as a failed result")
        String failed;

        Complete(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            if ((result == null) == (failed == null)) {
                throw new CliException(
                        CliException.USAGE,
                        "give the call's result as <json>, or --failed '<text>' — not both, not neither");
            }
            ApprovalDecision answer =
                    failed != null ? ApprovalDecision.failed(failed) : ApprovalDecision.result(json(result, "<json>"));
            answer(ctx, engine, id, toolCallId, "complete", answer);
        }
    }

    /**
     * Records {@code decision} on the pending call named (or the only one), once: the same decision
     * again says it was already recorded; a different one is refused, naming the first.
     */
    private static void answer(
            Context ctx, EngineOptions opts, String id, String toolCallId, String verb, ApprovalDecision decision) {
        JsonNode wanted = Messages.mapper().valueToTree(decision);
        try (var opened = opts.open(EngineOptions.Use.STEER)) {
            RunInfo info = Lookups.describe(opened, opts, id);
            Decision earlier = earlierAnswer(info, toolCallId);
            if (earlier != null) {
                if (!wanted.equals(earlier.payload())) {
                    throw new CliException(
                            CliException.FAILURE,
                            "tool call " + Terminal.line(earlier.target(), 80) + " of run '"
                                    + Terminal.line(id, 200) + "' was already " + earlier.answerVerb() + " by "
                                    + Terminal.line(earlier.by(), 80)
                                    + " at " + RunText.time(earlier.at())
                                    + "; a decision is recorded once, so this one was refused"
                                    + " — see: steadfast runs show " + id + opts.dbHint());
                }
                ctx.term()
                        .out()
                        .println("already recorded: " + Terminal.line(earlier.target(), 80) + " of run "
                                + Terminal.line(id, 200) + " "
                                + (info.status().isTerminal() || !isPending(info, earlier.target())
                                        ? "was " + earlier.answerVerb() + " by " + Terminal.line(earlier.by(), 80)
                                                + " at " + RunText.time(earlier.at())
                                        : RunText.waitingToApply(earlier.answerVerb(), earlier)));
                return;
            }
            PendingApproval p = pending(info, opts, id, toolCallId, verb);
            try {
                opened.engine().decide(id, p.toolCallId(), decision);
            } catch (DecisionConflictException | IllegalStateException e) { // decided elsewhere a moment ago
                throw new CliException(CliException.FAILURE, e.getMessage());
            }
            Decision mine =
                    new Decision(Decision.Kind.ANSWER, p.toolCallId(), wanted, opened.actor(), java.time.Instant.now());
            ctx.term()
                    .out()
                    .println(mine.answerVerb() + " " + Terminal.line(p.toolName(), 60) + " ("
                            + Terminal.line(p.toolCallId(), 80) + ") of run " + Terminal.line(id, 200) + " as "
                            + Terminal.line(opened.actor(), 80) + next(opened));
        }
    }

    /** The answer already recorded for the call named (or, unnamed, for the run's only pending or answered call), or {@code null}. */
    private static Decision earlierAnswer(RunInfo info, String toolCallId) {
        List<Decision> answers = info.decisions().stream()
                .filter(d -> d.kind() == Decision.Kind.ANSWER)
                .toList();
        if (toolCallId != null) {
            return answers.stream()
                    .filter(d -> toolCallId.equals(d.target()))
                    .findFirst()
                    .orElse(null);
        }
        List<PendingApproval> open = info.pendingApprovals().stream()
                .filter(p -> p.decided() == null)
                .toList();
        if (!open.isEmpty()) {
            return null;
        }
        return info.pendingApprovals().size() == 1
                ? info.pendingApprovals().getFirst().decided()
                : info.pendingApprovals().isEmpty() && answers.size() == 1 ? answers.getFirst() : null;
    }

    private static boolean isPending(RunInfo info, String toolCallId) {
        return info.pendingApprovals().stream().anyMatch(p -> p.toolCallId().equals(toolCallId));
    }

    static JsonNode json(String text, String what) {
        try {
            return Json.read(text.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new CliException(
                    CliException.USAGE,
                    what + " " + Terminal.line(e.getMessage(), 200) + " — quote a string as '\"text\"'");
        }
    }

    /**
     * The one rule for steering a run that has ended, whatever the command: nothing was done, so it is a failure (exit 1)
     * that says so — as the engines say for a signal to an ended run. What was asked being in place already is not this
     * case: a recorded decision repeated, or a cancelled run cancelled again, exits 0 ("already ...").
     */
    static void refuseIfEnded(RunInfo info, String id, String verb) {
        if (info.status().isTerminal()) {
            throw new CliException(
                    CliException.FAILURE,
                    "run '" + Terminal.line(id, 200) + "' has already ended (" + info.status() + "); nothing to "
                            + verb);
        }
    }

    /** The pending approval named, or the only one; a one-line error listing them otherwise. */
    static PendingApproval pending(RunInfo info, EngineOptions opts, String id, String toolCallId, String verb) {
        List<PendingApproval> all = info.pendingApprovals().stream()
                .filter(p -> p.decided() == null)
                .toList();
        String listed = all.stream()
                .map(p -> Terminal.line(p.toolCallId(), 80) + " (" + Terminal.line(p.toolName(), 60) + ")")
                .collect(Collectors.joining(", "));
        if (all.isEmpty()) {
            refuseIfEnded(info, id, verb);
            throw new CliException(
                    CliException.NOT_FOUND,
                    "run '" + Terminal.line(id, 200) + "' has no pending approvals (it is " + info.status()
                            + ") — see it with: steadfast runs show " + id + opts.dbHint());
        }
        if (toolCallId == null) {
            if (all.size() > 1) {
                throw new CliException(
                        CliException.USAGE,
                        "run '" + Terminal.line(id, 200) + "' has " + all.size() + " pending approvals: " + listed
                                + " — name one: steadfast " + verb + " " + id + " <toolCallId>");
            }
            return all.getFirst();
        }
        return all.stream()
                .filter(p -> p.toolCallId().equals(toolCallId))
                .findFirst()
                .orElseThrow(() -> new CliException(
                        CliException.NOT_FOUND,
                        "run '" + Terminal.line(id, 200) + "' has no pending approval '" + Terminal.line(toolCallId, 80)
                                + "'; pending: " + listed));
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description =
                    "Cancel a run: it sees the cancellation at its next step or wait, and runs its compensations.")
    static final class Cancel implements Runnable {
        private final Context ctx;

        @Mixin
        EngineOptions engine;

        @Parameters(paramLabel = "<id>", description = "the run's id")
        String id;

        Cancel(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            try (var opened = engine.open(EngineOptions.Use.STEER)) {
                RunInfo info = Lookups.describe(opened, engine, id);
                if (info.status() == dev.steadfast.run.RunStatus.CANCELLED) { // what was asked is in place
                    String by = info.decisions().stream()
                            .filter(d -> d.kind() == Decision.Kind.CANCEL)
                            .findFirst()
                            .map(d -> " by " + Terminal.line(d.by(), 80) + " at " + RunText.time(d.at()))
                            .orElse("");
                    ctx.term()
                            .out()
                            .println("already cancelled: run " + Terminal.line(id, 200) + by + "; nothing to do");
                    return;
                }
                refuseIfEnded(info, id, "cancel");
                if (info.pendingCancel() != null) {
                    ctx.term()
                            .out()
                            .println("already recorded: run " + Terminal.line(id, 200) + " "
                                    + RunText.waitingToApply("cancel requested", info.pendingCancel()));
                    return;
                }
                opened.engine().cancel(id);
                ctx.term()
                        .out()
                        .println("cancelling run " + Terminal.line(id, 200) + " as " + Terminal.line(opened.actor(), 80)
                                + next(opened));
            }
        }
    }

    @Command(
            name = "fork",
            mixinStandardHelpOptions = true,
            description =
                    "Start a new run with this run's steps before <N>; steps from <N> on run again on today's code.")
    static final class Fork implements Runnable {
        private final Context ctx;

        @Mixin
        EngineOptions engine;

        @Parameters(paramLabel = "<id>", description = "the run to fork")
        String id;

        @Option(names = "--from-step", required = true, paramLabel = "<N>", description = "the first step to run again")
        int fromStep;

        @Option(names = "--new-id", paramLabel = "<id>", description = "the new run's id (default <id>-fork-<n>)")
        String newId;

        Fork(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            try (var opened = engine.open(EngineOptions.Use.STEER)) {
                RunInfo info = Lookups.describe(opened, engine, id);
                if (fromStep < 1 || fromStep > info.stepCount() + 1) {
                    throw new CliException(
                            CliException.USAGE,
                            "--from-step must be in 1.." + (info.stepCount() + 1) + " (run '" + Terminal.line(id, 200)
                                    + "' has " + info.stepCount() + " steps) but was " + fromStep);
                }
                String target = newId != null ? newId : freeId(opened, id);
                opened.engine().fork(id, fromStep, target);
                ctx.term()
                        .out()
                        .println("forked run " + Terminal.line(id, 200) + " from step " + fromStep + " as "
                                + Terminal.line(target, 200) + ": steps 1.." + (fromStep - 1)
                                + " reused, the rest run again" + next(opened));
            }
        }

        private static String freeId(EngineOptions.Opened opened, String id) {
            for (int n = 1; ; n++) {
                String candidate = id + "-fork-" + n;
                try {
                    opened.engine().describe(candidate);
                } catch (dev.steadfast.error.NoSuchRunException e) {
                    return candidate;
                }
            }
        }
    }
}
