package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.SteadfastException;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.error.StepOutcomeUnknownException;
import dev.steadfast.message.Messages;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.ErrorInfo;
import dev.steadfast.run.StepKind;
import dev.steadfast.workflow.spi.StepMetrics;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Continue-as-new done by the engine, so a run's history never nears Temporal's limits and the user's code does not
 * change. At a safe point (before a model request, or before a {@code ctx.step}: nothing is in flight there) a run
 * whose execution has grown past the engine's threshold, or that Temporal suggests to continue, ends its execution
 * and starts the next one with its input and what it carries: every journal entry so far (compressed), the ids and
 * times it handed out, its random seed, its {@code patched} answers and the signals and decisions it has not taken in
 * yet. The next execution runs the same code from the top; the carried entries answer its first steps at once, without
 * any activity, so no step runs again and the new history holds only new steps. An agent's conversation is rebuilt
 * by its own loop from the carried model responses and tool results, exactly as on replay.
 */
final class Continuation {
    /** What one execution hands the next: {@code steps} journal entries and the rest of the run's deterministic state. */
    public record Carried(
            int steps,
            byte[] journal,
            List<String> ids,
            List<Long> times,
            Long randomSeed,
            Map<String, Boolean> patches,
            Map<String, List<JsonNode>> signals,
            Map<String, ApprovalDecision> decisions,
            StepMetrics spent) {}

    /** One journal entry: a step's value or its final error, or a wait's outcome. */
    public record Entry(StepKind kind, String name, JsonNode value, ErrorInfo error, int attempts, boolean timedOut) {}

    private static final TypeReference<Map<Integer, Entry>> JOURNAL = new TypeReference<>() {};

    private final String workflowId;
    private final JsonNode input;
    private final WorkerSettings settings;
    private final int carriedSteps;
    private final Map<Integer, Entry> journal;
    private final Handed<String> ids;
    private final Handed<Long> times;
    private final Map<String, Boolean> patches;
    private final long startBytes;
    private Long randomSeed;
    private boolean tooLargeWarned;
    /** What the run's steps have used and cost so far, in every execution: what a failed child run hands its parent. */
    private StepMetrics spent;

    Continuation(String workflowId, JsonNode input, WorkerSettings settings, Carried carried) {
        this.workflowId = workflowId;
        this.input = input;
        this.settings = settings;
        this.carriedSteps = carried == null ? 0 : carried.steps();
        this.journal = carried == null ? new HashMap<>() : unpack(carried.journal());
        this.ids = new Handed<>(carried == null ? List.of() : carried.ids());
        this.times = new Handed<>(carried == null ? List.of() : carried.times());
        this.patches = carried == null ? new HashMap<>() : new HashMap<>(carried.patches());
        this.randomSeed = carried == null ? null : carried.randomSeed();
        this.spent = carried == null || carried.spent() == null ? StepMetrics.NONE : carried.spent();
        this.startBytes = Workflow.getInfo().getHistorySize();
    }

    /** How many steps the executions before this one ran: the journal entries that answer this one's first steps. */
    int carriedSteps() {
        return carriedSteps;
    }

    /** The carried entry for step {@code seq}, or {@code null} for a step this execution runs itself. */
    Entry carried(int seq) {
        return seq <= carriedSteps ? journal.get(seq) : null;
    }

    /** Returns a carried entry's value, or throws the error it ended with, as the step did the first time. */
    static JsonNode replay(Entry e, String workflowId, int seq) {
        if (e.error() == null) {
            return e.value();
        }
        if (StepOutcomeUnknownException.class.getName().equals(e.error().type())) {
            throw new StepOutcomeUnknownException(workflowId, seq, e.name());
        }
        throw new StepFailedException(
                e.name(), e.attempts(), e.error().type(), e.error().message(), null);
    }

    /** Records a step's value (or a wait's outcome), for the executions after this one. */
    void completed(int seq, StepKind kind, String name, JsonNode value, boolean timedOut) {
        journal.put(seq, new Entry(kind, name, value, null, 1, timedOut));
    }

    /** Records the error a step ended with, as workflow code saw it. */
    void failed(int seq, StepKind kind, String name, RuntimeException e) {
        if (e instanceof StepFailedException f) {
            journal.put(
                    seq,
                    new Entry(
                            kind,
                            name,
                            null,
                            new ErrorInfo(f.errorType(), f.errorMessage(), null),
                            f.attempts(),
                            false));
        } else if (e instanceof StepOutcomeUnknownException) {
            journal.put(
                    seq,
                    new Entry(
                            kind,
                            name,
                            null,
                            new ErrorInfo(StepOutcomeUnknownException.class.getName(), e.getMessage(), null),
                            1,
                            false));
        }
    }

    /** Adds what a step used and cost ({@code null}: nothing) to the run's total. */
    void spent(StepMetrics step) {
        if (step != null) {
            spent = new StepMetrics(
                    spent.usage().plus(step.usage()), spent.cost().add(step.cost()));
        }
    }

    /** What the run's steps used and cost so far, those of earlier executions included. */
    StepMetrics spent() {
        return spent;
    }

    /** An id: the one handed out at this point before, or a new one. */
    String id(Supplier<String> fresh) {
        return ids.next(fresh);
    }

    /** The time: the one read at this point before, or now. */
    long time(Supplier<Long> fresh) {
        return times.next(fresh);
    }

    /** Values handed out in order: first those earlier executions handed out, then new ones, kept for the next. */
    private static final class Handed<T> {
        private final List<T> values;
        private int next;

        Handed(List<T> carried) {
            values = new ArrayList<>(carried);
        }

        T next(Supplier<T> fresh) {
            if (next == values.size()) {
                values.add(fresh.get());
            }
            return values.get(next++);
        }

        List<T> all() {
            return List.copyOf(values);
        }
    }

    /** The seed of the run's random numbers, drawn once per run. */
    long randomSeed() {
        if (randomSeed == null) {
            randomSeed = Workflow.newRandom().nextLong();
        }
        return randomSeed;
    }

    /** The answer {@code patched(changeId)} gave in this run before, or the one {@code fresh} gives now. */
    boolean patched(String changeId, Supplier<Boolean> fresh) {
        return patches.computeIfAbsent(changeId, k -> fresh.get());
    }

    /**
     * Continues the run as new when its execution has grown past the threshold and {@code steps} (every step so far)
     * are all in the journal; otherwise returns. Called only where nothing is in flight.
     */
    void continueIfDue(int steps, Waits waits) {
        if (steps <= carriedSteps || CancellationScope.current().isCancelRequested()) {
            return; // nothing new since the last continue-as-new, or the run is being cancelled
        }
        WorkflowInfo info = Workflow.getInfo();
        boolean due = info.isContinueAsNewSuggested()
                || info.getHistoryLength() >= settings.continueAfterEvents()
                || info.getHistorySize() - startBytes >= settings.continueAfterBytes();
        for (int s = 1; due && s <= steps; s++) {
            due = journal.containsKey(s);
        }
        if (!due) {
            return;
        }
        var next = new Carried(
                steps,
                pack(journal),
                ids.all(),
                times.all(),
                randomSeed,
                Map.copyOf(patches),
                waits.unconsumedSignals(),
                waits.decisions(),
                spent);
        long bytes = settings.converter()
                .toPayload(next)
                .map(p -> (long) p.getSerializedSize())
                .orElse(0L);
        if (bytes > settings.maxPayloadBytes() / 2) {
            if (!tooLargeWarned) {
                tooLargeWarned = true;
                Workflow.getLogger(Continuation.class)
                        .warn("Run '" + workflowId + "' is not continued as new: what it"
                                + " would carry (" + bytes
                                + " bytes) is more than half the payload limit; it goes on in this"
                                + " execution until the history limits stop it");
            }
            return;
        }
        Workflow.getLogger(Continuation.class)
                .info(
                        "Run '{}' continues as new after {} steps ({} events)",
                        workflowId,
                        steps,
                        info.getHistoryLength());
        var options = ContinueAsNewOptions.newBuilder().setTypedSearchAttributes(Workflow.getTypedSearchAttributes());
        String forkedFrom = Workflow.getMemo(Wire.FORKED_FROM_MEMO, String.class, String.class);
        if (forkedFrom != null) {
            options.setMemo(Map.of(Wire.FORKED_FROM_MEMO, forkedFrom));
        }
        Workflow.continueAsNew(options.build(), input, null, next);
    }

    private static byte[] pack(Map<Integer, Entry> journal) {
        var bytes = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(bytes)) {
            Messages.mapper().writeValue(gzip, journal);
        } catch (IOException e) {
            throw new SteadfastException("Could not write the journal a run carries into its next execution", e);
        }
        return bytes.toByteArray();
    }

    private static Map<Integer, Entry> unpack(byte[] packed) {
        try (var gzip = new GZIPInputStream(new ByteArrayInputStream(packed))) {
            return new HashMap<>(Messages.mapper().readValue(gzip, JOURNAL));
        } catch (IOException e) {
            throw new SteadfastException("Could not read the journal this run carried from its previous execution", e);
        }
    }
}
