package dev.steadfast.examples;

import dev.steadfast.run.AttemptRecord;
import dev.steadfast.run.StepRecord;
import java.util.Locale;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** Prints a run's steps as a table: seq, kind, name, status, attempts, duration, tokens, cost, and failed attempts. */
final class Timeline {
    private Timeline() {}

    static void print(List<StepRecord> steps, PrintStream out) {
        out.printf("  %3s  %-6s %-24s %-10s %8s %8s %7s %10s%n", "seq", "kind", "name", "status", "attempts", "time", "tokens", "cost");
        for (StepRecord s : steps) {
            Duration d = s.duration();
            out.printf("  %3d  %-6s %-24s %-10s %8d %8s %7s %10s%n", s.seq(), s.kind().name().toLowerCase(Locale.ROOT), s.name(),
                    s.status().name().toLowerCase(Locale.ROOT), s.attempts(), d == null ? "-" : d.toMillis() + " ms",
                    s.usage().totalTokens() == 0 ? "" : s.usage().totalTokens(),
                    s.cost().signum() == 0 ? "" : "$" + s.cost().toPlainString());
            for (AttemptRecord a : s.failedAttempts()) {
                String wait = a.nextAttemptAt() == null ? "" : ", retried after "
                        + Duration.between(a.failedAt(), a.nextAttemptAt()).toMillis() + " ms";
                out.printf("         attempt %d failed: %s%s%n", a.attempt(), oneLine(a.error()), wait);
            }
        }
    }

    /** The error's simple type and whole message: cut at 100 characters, a 429's "try again in 1s" was lost. */
    static String oneLine(dev.steadfast.run.ErrorInfo e) {
        String type = e.type().substring(e.type().lastIndexOf('.') + 1);
        String t = (e.message().isEmpty() ? type : type + ": " + e.message()).replaceAll("\\s+", " ");
        return t.length() <= 300 ? t : t.substring(0, 297) + "...";
    }
}
