package dev.steadfast.engine.internal;

import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepStatus;

/**
 * A journal entry: a row of the {@code steps} table. JSON columns as text, times as epoch
 * milliseconds. {@code waitKey} names what a waiting entry waits for (a signal name, or an
 * approval's key); {@code wakeAt} is its deadline or the time its next attempt is due.
 */
record StepRow(int seq, String name, StepKind kind, StepStatus status, int attempts, String input, String output,
               String error, String failedAttempts, Long startedAt, Long endedAt, String waitKey, Long wakeAt,
               String usage, String cost) {

    StepRow withStatus(StepStatus s) {
        return new StepRow(seq, name, kind, s, attempts, input, output, error, failedAttempts, startedAt, endedAt,
                waitKey, wakeAt, usage, cost);
    }

    /** The entry recorded for good: later replays return or rethrow it. */
    boolean isFinal() {
        return status == StepStatus.COMPLETED || status == StepStatus.FAILED;
    }
}
