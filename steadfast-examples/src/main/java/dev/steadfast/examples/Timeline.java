package dev.steadfast.examples;

import dev.steadfast.run.AttemptRecord;
import dev.steadfast.run.StepRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Prints a run's steps as a table: seq, kind, name, status, attempts, duration, tokens, cost, and failed attempts. */
final class Timeline {
    private Timeline() {}

    static void print(List<StepRecord> steps, PrintStream out) {
        out.printf(
                "  %3s  %-6s %-24s %-10s %8s %8s %7s %10s%n",
                "seq", "kind", "name", "status", "attempts", "time", "tokens", "cost");
        for (StepRecord s : steps) {
            Duration d = s.duration();
            out.printf(
                    "  %3d  %-6s %-24s %-10s %8d %8s %7s %10s%n",
                    s.seq(),
                    s.kind().name().toLowerCase(Locale.ROOT),
                    s.name(),
                    s.status().name().toLowerCase(Locale.ROOT),
                    s.attempts(),
                    d == null ? "-" : d.toMillis() + " ms",
                    s.usage().totalTokens() == 0 ? "" : s.usage().totalTokens(),
                    s.cost().signum() == 0 ? "" : "$" + s.cost().toPlainString());
            for (AttemptRecord a : s.failedAttempts()) {
                String wait = a.nextAttemptAt() == null
                        ? ""
                        : ", retried after "
                                + Duration.between(a.failedAt(), a.nextAttemptAt())
                                        .toMillis() + " ms";
                out.printf(
                        "         attempt %d failed: %s%s%n",
                        a.attempt(), oneLine(a.error().summary()), wait);
            }
        }
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ");
        return t.length() <= 100 ? t : t.substring(0, 97) + "...";
    }
}
