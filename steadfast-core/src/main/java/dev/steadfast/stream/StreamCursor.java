package dev.steadfast.stream;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a subscriber of a durable run stands: after which event of which model step. Hand the cursor of
 * the last {@link RunEvent} you handled to {@code WorkflowEngine.events(runId, cursor)} to go on from
 * there — after a dropped connection, in another process, after the engine restarted — missing nothing
 * and seeing nothing twice.
 *
 * <p>A step's events come in three runs, and the cursor counts each: the results and retry prompts the
 * request sends ({@code sent}), the characters of each response part delivered so far ({@code parts},
 * by part index: deltas are counted in characters, so a subscriber that catches up gets what it missed
 * joined into fewer deltas), and the events after the whole response ({@code received}). The
 * {@code attempt} names the attempt whose parts were delivered: when the step was answered by another
 * attempt (a retry, or a run resumed after a crash), the subscriber first gets
 * {@link AgentEvent.AttemptDiscarded} and then the new attempt's parts from the start. An attempt this
 * engine did not stream (a step read from the journal) is named {@code j}; an attempt id of a live
 * step is only known to the process that streamed it, so a cursor into a partly delivered step that
 * finished in another process is answered with a discard and the step whole.
 *
 * <p>Its text form ({@link #toString()}, {@link #parse}) is {@code step/attempt/sent/parts/received},
 * e.g. {@code 3/j/1/120,0/2}; {@link #START} is {@code 0/-/0//0}.
 *
 * @param step the model step's position in the run's history ({@link #END} after the final result)
 * @param attempt the attempt whose parts were delivered ({@code -} before any)
 * @param sent events of the request delivered
 * @param parts characters delivered of each started part, by part index
 * @param received events after the whole response delivered
 */
public record StreamCursor(int step, String attempt, int sent, List<Integer> parts, int received) {
    /** Before the run's first event. */
    public static final StreamCursor START = new StreamCursor(0, "-", 0, List.of(), 0);

    /** The step number of the run's last event (its final result). */
    public static final int END = Integer.MAX_VALUE;

    public StreamCursor {
        requireNonNull(attempt, "attempt");
        parts = List.copyOf(parts);
        if (step < 0 || sent < 0 || received < 0 || parts.stream().anyMatch(p -> p < 0)) {
            throw new IllegalArgumentException("a stream cursor counts from 0 but was " + step + "/" + attempt + "/"
                    + sent + "/" + parts + "/" + received);
        }
        if (attempt.isEmpty() || attempt.contains("/")) {
            throw new IllegalArgumentException(
                    "a stream cursor's attempt must be non-empty and without '/' but was '" + attempt + "'");
        }
    }

    /**
     * Reads a cursor's text form.
     *
     * @throws IllegalArgumentException when {@code text} is not one, saying what is expected
     */
    public static StreamCursor parse(String text) {
        requireNonNull(text, "text");
        String[] f = text.split("/", -1);
        if (f.length != 5) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a stream cursor: expected step/attempt/sent/parts/"
                            + "received, e.g. 3/j/1/120,0/2 (use the cursor of the last event you handled, or 0/-/0//0 from the start)");
        }
        try {
            var parts = new ArrayList<Integer>();
            if (!f[3].isEmpty()) {
                for (String p : f[3].split(",", -1)) {
                    parts.add(Integer.parseInt(p));
                }
            }
            return new StreamCursor(
                    Integer.parseInt(f[0]), f[1], Integer.parseInt(f[2]), parts, Integer.parseInt(f[4]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a stream cursor: step, sent, parts and received are "
                            + "whole numbers (e.g. 3/j/1/120,0/2)",
                    e);
        }
    }

    @Override
    public String toString() {
        var p = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            p.append(i == 0 ? "" : ",").append(parts.get(i));
        }
        return step + "/" + attempt + "/" + sent + "/" + p + "/" + received;
    }
}
