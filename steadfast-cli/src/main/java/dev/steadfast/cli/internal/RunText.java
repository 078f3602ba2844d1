package dev.steadfast.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Messages;
import dev.steadfast.run.AttemptRecord;
import dev.steadfast.run.Decision;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.StepRecord;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** How runs and steps read in a terminal. Every value that came from a run goes through {@link Terminal#safe}. */
final class RunText {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    static final String STEP_HEADER = String.format(
            "  %3s  %-11s %-28s %-10s %8s %9s %7s %11s",
            "seq", "kind", "name", "status", "attempts", "time", "tokens", "cost");

    private RunText() {}

    static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    static String duration(Duration d) {
        if (d == null) {
            return "-";
        }
        long ms = d.toMillis();
        if (ms < 10_000) {
            return ms + " ms";
        }
        if (ms < 120_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return d.toMinutes() < 120 ? d.toMinutes() + " min" : d.toHours() + " h";
    }

    static String cost(BigDecimal c) {
        return c == null || c.signum() == 0 ? "" : "$" + c.stripTrailingZeros().toPlainString();
    }

    static String tokens(long n) {
        return n == 0 ? "" : Long.toString(n);
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** One line per step, then one per failed attempt and the final error. */
    static void step(PrintWriter out, Terminal term, StepRecord s) {
        String status = lower(s.status());
        String shown = switch (s.status()) {
            case FAILED -> term.color("31", String.format("%-10s", status));
            case RETRYING, WAITING -> term.color("33", String.format("%-10s", status));
            default -> String.format("%-10s", status);
        };
        out.printf(
                "  %3d  %-11s %-28s %s %8d %9s %7s %11s%n",
                s.seq(),
                lower(s.kind()),
                Terminal.line(s.name(), 28),
                shown,
                s.attempts(),
                duration(s.duration()),
                tokens(s.usage().totalTokens()),
                cost(s.cost()));
        for (AttemptRecord a : s.failedAttempts()) {
            String next = a.nextAttemptAt() == null
                    ? ""
                    : "; next attempt after " + duration(Duration.between(a.failedAt(), a.nextAttemptAt()));
            out.printf(
                    "         attempt %d failed at %s: %s%s%n",
                    a.attempt(),
                    time(a.failedAt()),
                    Terminal.line(a.error().summary(), 400),
                    next); // whole: a cut "try agai…" hides the advice
        }
        if (s.error() != null) {
            out.println("         error: " + Terminal.line(s.error().summary(), 200));
        }
    }

    /** A run's header: identity, status, timings, totals, and what it waits for. */
    static void header(PrintWriter out, Terminal term, RunInfo r, String dbHint) {
        out.println("run " + Terminal.line(r.workflowId(), 200) + "  (" + Terminal.line(r.workflowType(), 100) + ")  "
                + statusWord(term, r) + (isBlocked(r) ? " " + term.color("31", "(blocked)") : ""));
        out.println("  created " + time(r.createdAt()) + ", "
                + (r.endedAt() == null
                        ? "updated " + time(r.updatedAt())
                        : "ended " + time(r.endedAt()) + ", wall time "
                                + duration(Duration.between(r.createdAt(), r.endedAt()))));
        out.println("  " + r.stepCount() + " steps, " + r.usage().requests() + " model requests, "
                + r.usage().totalTokens() + " tokens" + (r.cost().signum() == 0 ? "" : ", " + cost(r.cost())));
        if (r.forkedFrom() != null) {
            out.println("  forked from " + Terminal.line(r.forkedFrom(), 200));
        }
        if (!r.awaitingSignals().isEmpty()) {
            out.println("  waiting for signal " + Terminal.line(String.join(", ", r.awaitingSignals()), 200));
        }
        if (r.wakeAt() != null) {
            out.println("  wakes at " + time(r.wakeAt()));
        }
        for (PendingApproval p : r.pendingApprovals()) {
            out.println("  " + (p.external() ? "pending external call " : "pending approval ")
                    + Terminal.line(p.toolCallId(), 80)
                    + ": " + Terminal.line(p.agent(), 40) + " wants " + Terminal.line(p.toolName(), 60) + " "
                    + Terminal.line(String.valueOf(p.args()), 160));
            if (p.decided() != null) { // recorded; offering another decision would invite a conflict
                out.println("    " + waitingToApply(p.decided().answerVerb(), p.decided()));
            } else if (p.external()) {
                out.println("    answer: steadfast complete " + Terminal.arg(r.workflowId()) + " "
                        + Terminal.arg(p.toolCallId()) + " '<json>'" + dbHint + "   fail: steadfast complete "
                        + Terminal.arg(r.workflowId()) + " " + Terminal.arg(p.toolCallId()) + " --failed '...'"
                        + dbHint);
            } else {
                out.println("    approve: steadfast approve " + Terminal.arg(r.workflowId()) + " "
                        + Terminal.arg(p.toolCallId()) + " [--args '<json>']" + dbHint + "   deny: steadfast deny "
                        + Terminal.arg(r.workflowId()) + " " + Terminal.arg(p.toolCallId()) + " --reason '...'"
                        + dbHint);
            }
        }
        Decision cancel = r.pendingCancel();
        if (cancel != null) {
            out.println("  " + waitingToApply("cancel requested", cancel));
        }
        if (r.error() != null) {
            out.println("  error: " + Terminal.line(r.error().summary(), 400));
        }
        if (isBlocked(r)) {
            out.println(
                    "  blocked: the run stays open and resumes when an engine whose code matches its journal opens the"
                            + " file; check new code first with: steadfast replay --run " + Terminal.arg(r.workflowId())
                            + dbHint);
        }
    }

    /** An open run with an error: its code does not match its journal, or its type is not registered where it runs. */
    static boolean isBlocked(RunInfo r) {
        return r.error() != null && !r.status().isTerminal();
    }

    /** "approved — waiting for the engine to apply it (by ada at ...)": a decision recorded and not yet acted on. */
    static String waitingToApply(String what, Decision d) {
        return what + " — waiting for the engine to apply it (by " + Terminal.line(d.by(), 80) + " at " + time(d.at())
                + ")";
    }

    /** Who steered the run and how, oldest first: its audit trail. */
    static void decisions(PrintWriter out, RunInfo r) {
        if (r.decisions().isEmpty()) {
            return;
        }
        out.println("  decisions:");
        for (Decision d : r.decisions()) {
            out.println("    " + time(d.at()) + "  " + Terminal.line(d.summary().replace(" at " + d.at(), ""), 300));
        }
    }

    static String statusWord(Terminal term, RunInfo r) {
        String s = r.status().name();
        return switch (r.status()) {
            case COMPLETED -> term.color("32", s);
            case FAILED, CANCELLED -> term.color("31", s);
            case WAITING -> term.color("33", s);
            case RUNNING -> term.color("36", s);
        };
    }

    /** The timeline: its steps, with the run's crashes marked where they happened (before the first step started after the recovery). */
    static void timeline(PrintWriter out, Terminal term, List<StepRecord> steps, List<Decision> decisions) {
        out.println(STEP_HEADER);
        var marks = new java.util.ArrayDeque<>(decisions.stream()
                .filter(d -> d.kind() == Decision.Kind.RECOVERED)
                .toList());
        for (StepRecord s : steps) {
            while (!marks.isEmpty()
                    && s.startedAt() != null
                    && !s.startedAt().isBefore(marks.peek().at())) {
                crash(out, term, marks.poll());
            }
            step(out, term, s);
        }
        marks.forEach(m -> crash(out, term, m));
    }

    private static void crash(PrintWriter out, Terminal term, Decision d) {
        out.println(term.color(
                "31",
                "  ── crash: " + Terminal.line(d.summary().replace(" by engine at " + d.at(), ""), 200) + " at "
                        + time(d.at()) + "; the steps below ran after it"));
    }

    /** Pretty JSON, made inert for a terminal. */
    static String json(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        try {
            return Terminal.safe(
                    Messages.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node), true);
        } catch (JsonProcessingException e) {
            return Terminal.safe(node.toString(), true);
        }
    }
}
