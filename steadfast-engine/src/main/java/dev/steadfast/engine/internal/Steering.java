package dev.steadfast.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.error.DecisionConflictException;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.Decision;
import dev.steadfast.run.StepKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records what steers a run (an answer to a tool call, a signal, a cancel) as a {@link Decision}
 * with who gave it, once, and wakes the run when this process executes it. Any process may record:
 * the owner of the file learns of decisions from other processes through its {@link Inbox}, which
 * calls {@link #apply}. Each write starts with the conditional insert itself, so two processes that
 * decide at once serialise on SQLite's write lock and the second sees the first.
 */
final class Steering {
    /** Whether a decision was recorded now or had been recorded before, identically. */
    enum Recorded { NEW, ALREADY }

    private final EngineRuntime rt;
    private final String actor;

    Steering(EngineRuntime rt, String actor) {
        this.rt = rt;
        this.actor = actor;
    }

    String actor() {
        return actor;
    }

    /** Records the answer to tool call {@code toolCallId}, unless one was recorded: then the same is a no-op, another a conflict. */
    Recorded answer(String runId, String toolCallId, ApprovalDecision decision) {
        String json = rt.codec.encode(decision, "The decision on tool call '" + toolCallId + "'");
        Optional<Tables.DecisionRow> first = rt.store.read(db -> Tables.firstDecision(db, runId, Decision.Kind.ANSWER, toolCallId));
        if (first.isPresent()) {
            return sameOrConflict(runId, first.get(), json);
        }
        List<String> pending = pendingCalls(runId);
        var status = rt.store.read(db -> Tables.run(db, runId)).map(RunRow::status).orElseThrow();
        if (status.isTerminal()) {
            throw new IllegalStateException("The decision on tool call '" + toolCallId + "' was not delivered: run '"
                    + runId + "' has ended (" + status + ").");
        }
        if (!pending.contains(toolCallId)) {
            throw new IllegalStateException("Run '" + runId + "' has no pending approval for tool call '" + toolCallId
                    + "'; pending: " + pending);
        }
        String key = Waits.APPROVAL_KEY_PREFIX + toolCallId;
        long now = rt.now();
        var inserted = new AtomicReference<Boolean>(false);
        rt.apiWrite(db -> {
            if (Tables.insertDecisionOnce(db, runId, Decision.Kind.ANSWER, toolCallId, json, actor, now)) {
                Tables.insertSignal(db, runId, key, json, now);
                inserted.set(true);
            }
        });
        if (!inserted.get()) { // another process decided between our look and our write
            return sameOrConflict(runId, rt.store.read(db -> Tables.firstDecision(db, runId, Decision.Kind.ANSWER, toolCallId))
                    .orElseThrow(), json);
        }
        wake(runId, key);
        return Recorded.NEW;
    }

    /** Records signal {@code name}; an identical one still waiting to be consumed is not recorded twice. */
    Recorded signal(String runId, String name, String json) {
        long now = rt.now();
        var inserted = new AtomicReference<Boolean>(false);
        rt.apiWrite(db -> {
            if (Tables.insertSignalOnce(db, runId, name, json, now)) {
                Tables.insertDecision(db, runId, Decision.Kind.SIGNAL, name, json, actor, now);
                inserted.set(true);
            }
        });
        if (!inserted.get()) {
            return Recorded.ALREADY;
        }
        wake(runId, name);
        return Recorded.NEW;
    }

    /** Records a cancel request, once. */
    Recorded cancel(String runId) {
        long now = rt.now();
        var inserted = new AtomicReference<Boolean>(false);
        rt.apiWrite(db -> {
            if (Tables.insertDecisionOnce(db, runId, Decision.Kind.CANCEL, null, null, actor, now)) {
                Tables.requestCancel(db, runId, now);
                inserted.set(true);
            }
        });
        if (!inserted.get()) {
            return Recorded.ALREADY;
        }
        applyCancel(runId);
        return Recorded.NEW;
    }

    /** Acts on a decision recorded by any process (this one's own, or one seen by the {@link Inbox}). */
    void apply(Tables.DecisionRow d) {
        switch (d.kind()) {
            case ANSWER -> wake(d.runId(), Waits.APPROVAL_KEY_PREFIX + d.target());
            case SIGNAL -> wake(d.runId(), d.target());
            case CANCEL -> applyCancel(d.runId());
            case START -> rt.resume(d.runId());
            case FORK, SIGNAL_REFUSED, RECOVERED -> { } // a fork is the new run's START; the others are records
        }
    }

    /** Wakes the run if it is loaded or waits for {@code key}; else what was recorded waits for the run. */
    private void wake(String runId, String key) {
        boolean waitsForIt = rt.slot(runId) != null || rt.store.read(db -> Tables.waitingSteps(db, runId))
                .stream().anyMatch(s -> key.equals(s.waitKey()));
        if (waitsForIt) {
            rt.resume(runId);
        }
    }

    private void applyCancel(String runId) {
        rt.locked(runId, () -> {
            RunSlot slot = rt.slot(runId);
            if (slot != null) {
                slot.requestCancel();
            } else {
                rt.resume(runId);
            }
        });
    }

    private Recorded sameOrConflict(String runId, Tables.DecisionRow first, String json) {
        JsonNode was = rt.codec.tree(first.payload());
        if (was != null && was.equals(rt.codec.tree(json))) {
            return Recorded.ALREADY;
        }
        throw new DecisionConflictException(runId, first.view(rt.codec));
    }

    private List<String> pendingCalls(String runId) {
        var pending = new ArrayList<String>();
        for (StepRow s : rt.store.read(db -> Tables.waitingSteps(db, runId))) {
            if (s.kind() == StepKind.APPROVAL) {
                pending.add(s.waitKey().substring(Waits.APPROVAL_KEY_PREFIX.length()));
            }
        }
        return pending;
    }


    /** Records that the owner refused signal {@code name} of run {@code runId} (its payload did not decode); the run waits on. */
    void refused(String runId, String name, String why) {
        String json = rt.codec.internal(why);
        long now = rt.now();
        rt.apiWrite(db -> Tables.insertDecision(db, runId, Decision.Kind.SIGNAL_REFUSED, name, json, "engine", now));
    }
}
