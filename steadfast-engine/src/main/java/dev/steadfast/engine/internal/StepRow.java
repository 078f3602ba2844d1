package dev.steadfast.engine.internal;

import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepStatus;

/**
 * A journal entry: a row of the {@code steps} table. JSON columns as text, times as epoch
 * milliseconds. {@code waitKey} names what a waiting entry waits for (a signal name, or an
 * approval's key); {@code wakeAt} is its deadline or the time its next attempt is due.
 *
 * <p>An entry begins as {@link #running} (a step) or {@link #waiting} (a wait), or is recorded
 * done at once ({@link #completedAt}); the instance methods give the row it moves on to, keeping
 * what identifies it (position, name, kind, input, start). The canonical constructor is for rows
 * read back whole.
 */
record StepRow(
        int seq,
        String name,
        StepKind kind,
        StepStatus status,
        int attempts,
        String input,
        String output,
        String error,
        String failedAttempts,
        Long startedAt,
        Long endedAt,
        String waitKey,
        Long wakeAt,
        String usage,
        String cost) {

    /** A step's attempt {@code attempt} under way, none failed before it. */
    static StepRow running(int seq, String name, StepKind kind, int attempt, String input, long startedAt) {
        return new StepRow(
                seq,
                name,
                kind,
                StepStatus.RUNNING,
                attempt,
                input,
                null,
                null,
                null,
                startedAt,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * A wait begun at {@code startedAt}: for {@code waitKey} (a signal name or an approval's key; {@code null}
     * for a pure timer), until {@code wakeAt} at most ({@code null}: no deadline).
     */
    static StepRow waiting(
            int seq, String name, StepKind kind, String input, long startedAt, String waitKey, Long wakeAt) {
        return new StepRow(
                seq,
                name,
                kind,
                StepStatus.WAITING,
                1,
                input,
                null,
                null,
                null,
                startedAt,
                null,
                waitKey,
                wakeAt,
                null,
                null);
    }

    /** An entry completed the moment it began ({@code ctx.now()}, a patch marker), in one attempt. */
    static StepRow completedAt(int seq, String name, StepKind kind, String output, long at) {
        return new StepRow(
                seq, name, kind, StepStatus.COMPLETED, 1, null, output, null, null, at, at, null, null, null, null);
    }

    /**
     * A final entry as replay reads it: only its {@code payload}, which is the output of a
     * {@link StepStatus#COMPLETED} entry and the error of a {@link StepStatus#FAILED} one.
     */
    static StepRow outcome(int seq, String name, StepKind kind, StepStatus status, int attempts, String payload) {
        boolean completed = status == StepStatus.COMPLETED;
        return new StepRow(
                seq,
                name,
                kind,
                status,
                attempts,
                null,
                completed ? payload : null,
                completed ? null : payload,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    StepRow withStatus(StepStatus s) {
        return new StepRow(
                seq,
                name,
                kind,
                s,
                attempts,
                input,
                output,
                error,
                failedAttempts,
                startedAt,
                endedAt,
                waitKey,
                wakeAt,
                usage,
                cost);
    }

    /** This step making attempt {@code attempt}, after the failed ones in {@code failedAttempts}. */
    StepRow attempting(int attempt, String failedAttempts) {
        return new StepRow(
                seq,
                name,
                kind,
                StepStatus.RUNNING,
                attempt,
                input,
                null,
                null,
                failedAttempts,
                startedAt,
                null,
                waitKey,
                null,
                null,
                null);
    }

    /** This step completed with {@code output} in attempt {@code attempts}; {@code usage} and {@code cost} may be null. */
    StepRow completed(int attempts, String output, String failedAttempts, long endedAt, String usage, String cost) {
        return new StepRow(
                seq,
                name,
                kind,
                StepStatus.COMPLETED,
                attempts,
                input,
                output,
                null,
                failedAttempts,
                startedAt,
                endedAt,
                waitKey,
                null,
                usage,
                cost);
    }

    /** This step failed attempt {@code attempts} with {@code error}; the next attempt is due at {@code wakeAt}. */
    StepRow retrying(int attempts, String error, String failedAttempts, long wakeAt) {
        return new StepRow(
                seq,
                name,
                kind,
                StepStatus.RETRYING,
                attempts,
                input,
                null,
                error,
                failedAttempts,
                startedAt,
                null,
                waitKey,
                wakeAt,
                null,
                null);
    }

    /** This entry failed for good with {@code error} (its last attempt's, a delivered cancel, an unknown outcome). */
    StepRow failed(int attempts, String error, String failedAttempts, long endedAt) {
        return new StepRow(
                seq,
                name,
                kind,
                StepStatus.FAILED,
                attempts,
                input,
                null,
                error,
                failedAttempts,
                startedAt,
                endedAt,
                waitKey,
                null,
                null,
                null);
    }

    /** This wait completed with what arrived ({@code null} when its deadline passed first); it keeps its key and deadline. */
    StepRow arrived(String output, long endedAt) {
        return new StepRow(
                seq,
                name,
                kind,
                StepStatus.COMPLETED,
                attempts,
                input,
                output,
                null,
                null,
                startedAt,
                endedAt,
                waitKey,
                wakeAt,
                null,
                null);
    }

    /** This entry with the tokens and cost it stands for (a child run's, for its parent's entry). */
    StepRow withMetrics(String usage, String cost) {
        return new StepRow(
                seq,
                name,
                kind,
                status,
                attempts,
                input,
                output,
                error,
                failedAttempts,
                startedAt,
                endedAt,
                waitKey,
                wakeAt,
                usage,
                cost);
    }

    /** The entry recorded for good: later replays return or rethrow it. */
    boolean isFinal() {
        return status == StepStatus.COMPLETED || status == StepStatus.FAILED;
    }
}
