package dev.steadfast.stream.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.step.StepContext;
import dev.steadfast.stream.AgentEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An engine's live view of its runs' streaming model steps (the embedded engine's; on Temporal, the
 * model activities' of a worker, for subscribers in its process), for the followers of
 * {@code engine.events}: per run, the step in flight (its request's events, each part's text so far),
 * which of this process's attempts answered each step, and a version followers wait on. Model stream
 * events only change memory here — never the journal: a step records its whole response once, as any
 * step does. An attempt id is this process's random id and the attempt number, so an attempt of a run
 * resumed after a crash never passes for the one that died. Runs are forgotten oldest first past
 * {@value #MAX_RUNS}; a follower of a forgotten run reads it from the journal.
 */
public final class LiveHub implements LiveSteps {
    /** Runs remembered at most. */
    public static final int MAX_RUNS = 10_000;

    private final String process = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, RunStream> runs = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunStream> eldest) {
            return size() > MAX_RUNS;
        }
    });

    /** What a run's model steps stream to: this hub, which finds the step from the body's {@link StepContext}. */
    public final Consumer<ModelStreamEvent> sink = event -> StepContext.current()
            .ifPresent(step -> run(step.workflowId()).event(step.seq(), attemptId(step.attempt()), event));

    private String attemptId(int attempt) {
        return process + "." + attempt;
    }

    private RunStream run(String runId) {
        return runs.computeIfAbsent(runId, id -> new RunStream());
    }

    /** A model step's attempt begins with {@code input} (its recorded input: the messages it sends). */
    public void attemptStarted(String runId, int seq, String name, int attempt, JsonNode input) {
        run(runId).start(seq, name, attemptId(attempt), StepEvents.sentBy(input));
    }

    /** Step {@code seq} of {@code runId} was recorded (or another change followers show: a failure, the run's end). */
    public void changed(String runId, int seq) {
        run(runId).changed(seq);
    }

    /**
     * Copies another process's hub (a follower engine's mirror of the owner's): attempt {@code attempt} of step
     * {@code seq} begins, sending {@code sent}. {@link #copyEvent} and {@link #copyAnswered} follow it.
     */
    public void copyStart(String runId, int seq, String name, String attempt, List<AgentEvent> sent) {
        run(runId).start(seq, name, attempt, sent);
    }

    /** Copies a stream event of the attempt {@link #copyStart} began. */
    public void copyEvent(String runId, int seq, String attempt, ModelStreamEvent event) {
        run(runId).event(seq, attempt, event);
    }

    /** Copies that attempt {@code attempt} answered step {@code seq}. */
    public void copyAnswered(String runId, int seq, String attempt) {
        run(runId).answered(seq, attempt);
    }

    /** Forgets the step in flight of the copy (its source went away): no attempt streams it here any more. */
    public void copyLost(String runId) {
        run(runId).start(0, null, null, List.of());
    }

    @Override
    public LiveStep current(String runId) {
        RunStream r = runs.get(runId);
        return r == null ? null : r.snapshot();
    }

    @Override
    public String answeredBy(String runId, int seq) {
        RunStream r = runs.get(runId);
        return r == null ? null : r.answeredBy(seq);
    }

    /** Every step of {@code runId} an attempt of this process answered, with that attempt's id: step to attempt. */
    public Map<Integer, String> answered(String runId) {
        RunStream r = runs.get(runId);
        return r == null ? Map.of() : r.answered();
    }

    @Override
    public long version(String runId) {
        RunStream r = runs.get(runId);
        return r == null ? 0 : r.version();
    }

    @Override
    public long recordsVersion(String runId) {
        RunStream r = runs.get(runId);
        return r == null ? 0 : r.records();
    }

    @Override
    public void await(String runId, long seen, Duration max) throws InterruptedException {
        run(runId).await(seen, max);
    }

    /** One run's live state; every change bumps the version and wakes its followers. */
    private static final class RunStream {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final Map<Integer, String> answered = new HashMap<>();
        private long version;
        /** Moves with each change but a delta: see {@link LiveSteps#recordsVersion}. */
        private long records;

        private int seq;
        private String name;
        private String attempt;
        private List<AgentEvent> sent = List.of();
        private final List<ResponsePart> starts = new ArrayList<>();
        private final List<StringBuilder> contents = new ArrayList<>();

        void start(int seq, String name, String attempt, List<AgentEvent> sent) {
            lock.lock();
            try {
                this.seq = seq;
                this.name = name;
                this.attempt = attempt;
                this.sent = sent;
                starts.clear();
                contents.clear();
                records++;
                bump();
            } finally {
                lock.unlock();
            }
        }

        void event(int seq, String attempt, ModelStreamEvent event) {
            lock.lock();
            try {
                if (seq != this.seq || !attempt.equals(this.attempt)) {
                    return; // an abandoned attempt (timed out) still writing
                }
                int i = event.index();
                switch (event) {
                    case ModelStreamEvent.PartStart s -> {
                        while (starts.size() <= i) {
                            starts.add(s.part());
                            contents.add(new StringBuilder());
                        }
                        starts.set(i, s.part());
                    }
                    case ModelStreamEvent.TextDelta d -> append(i, d.text());
                    case ModelStreamEvent.ThinkingDelta d -> append(i, d.text());
                    case ModelStreamEvent.ToolCallDelta d -> append(i, d.argumentsJson());
                }
                bump();
            } finally {
                lock.unlock();
            }
        }

        private void append(int i, String more) {
            if (i < contents.size()) {
                contents.get(i).append(more);
            }
        }

        void answered(int step, String by) {
            lock.lock();
            try {
                answered.put(step, by);
                records++;
                bump();
            } finally {
                lock.unlock();
            }
        }

        void changed(int recordedSeq) {
            lock.lock();
            try {
                if (recordedSeq == seq && attempt != null) {
                    answered.put(seq, attempt);
                }
                records++;
                bump();
            } finally {
                lock.unlock();
            }
        }

        private void bump() {
            version++;
            changed.signalAll();
        }

        LiveStep snapshot() {
            lock.lock();
            try {
                if (attempt == null) {
                    return null;
                }
                return new LiveStep(
                        seq,
                        name,
                        attempt,
                        sent,
                        starts,
                        contents.stream().map(StringBuilder::toString).toList());
            } finally {
                lock.unlock();
            }
        }

        Map<Integer, String> answered() {
            lock.lock();
            try {
                return Map.copyOf(answered);
            } finally {
                lock.unlock();
            }
        }

        String answeredBy(int step) {
            lock.lock();
            try {
                return answered.get(step);
            } finally {
                lock.unlock();
            }
        }

        long records() {
            lock.lock();
            try {
                return records;
            } finally {
                lock.unlock();
            }
        }

        long version() {
            lock.lock();
            try {
                return version;
            } finally {
                lock.unlock();
            }
        }

        void await(long seen, Duration max) throws InterruptedException {
            lock.lock();
            try {
                long left = max.toNanos();
                while (version <= seen && left > 0) {
                    left = changed.awaitNanos(left);
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
