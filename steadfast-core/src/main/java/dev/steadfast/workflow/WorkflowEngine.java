package dev.steadfast.workflow;

import static java.util.Objects.requireNonNull;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.error.CancelledException;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.ReplayReport;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.StepRecord;
import dev.steadfast.schedule.Schedules;
import dev.steadfast.stream.EventStream;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.stream.internal.LiveSteps;
import dev.steadfast.stream.internal.RunFollower;
import java.util.List;

/**
 * Runs workflows durably and shows and steers their runs. Two implementations keep the same
 * promise: the embedded engine ({@code EmbeddedEngine}, one SQLite file) and the Temporal engine
 * ({@code TemporalEngine}).
 *
 * <pre>{@code
 * try (WorkflowEngine engine = EmbeddedEngine.builder().database(Path.of("steadfast.db"))
 *         .register(new ApprovalWorkflow()).build()) {
 *     WorkflowHandle<Outcome> h = engine.start(ApprovalWorkflow.class, "req-42", request);
 *     engine.signal("req-42", "approval", new Approval(true, "ok"));
 *     Outcome o = h.result(Duration.ofMinutes(5));
 * }
 * }</pre>
 */
public interface WorkflowEngine extends AutoCloseable {
    /**
     * Starts a run of a registered workflow. Idempotent per id: if a run with this id exists, its
     * handle is returned and nothing new starts.
     */
    <I, O> WorkflowHandle<O> start(Class<? extends Workflow<I, O>> workflow, String workflowId, I input);

    /** Starts a run of a registered workflow by its name (for tools and scripts); {@code input} is converted to its input type. */
    WorkflowHandle<Object> start(String workflowType, String workflowId, Object input);

    /**
     * Runs a registered agent as a workflow of its own (its type name is the agent's name): every model
     * request and tool call is a durable step. Idempotent per id, like {@link #start(Class, String, Object)}.
     */
    @SuppressWarnings("unchecked")
    default <O> WorkflowHandle<AgentResult<O>> start(Agent<?, O> agent, String workflowId, String prompt) {
        // The handle of a registered type decodes with the workflow's output type: AgentResult<O>.
        return (WorkflowHandle<AgentResult<O>>) (WorkflowHandle<?>) start(agent.name(), workflowId, prompt);
    }

    /** A handle to an existing run. */
    <O> WorkflowHandle<O> handle(String workflowId, Class<O> resultType);

    /** Sends a signal; it is stored at once and delivered to the run's next {@code awaitSignal(name)}. */
    void signal(String workflowId, String signalName, Object payload);

    /** Cancels a run: it sees {@link CancelledException} at its next step or wait. */
    void cancel(String workflowId);

    /**
     * Answers a pending tool call of a run (see {@link RunInfo#pendingApprovals()}): approves it, maybe
     * with other arguments, denies it, or delivers an external tool's result. The calls of one response
     * are pending together and may be answered in any order; the run goes on when all are answered.
     *
     * <pre>{@code
     * engine.decide(runId, callId, ApprovalDecision.approveWith(Map.of("amount", 50)));
     * }</pre>
     *
     * @throws IllegalStateException when the run has no such pending call (embedded engine)
     */
    void decide(String workflowId, String toolCallId, ApprovalDecision decision);

    /** Approves a pending tool call of a run. */
    default void approve(String workflowId, String toolCallId) {
        decide(workflowId, toolCallId, ApprovalDecision.approve());
    }

    /** Denies a pending tool call of a run; the model is told {@code reason}. */
    default void deny(String workflowId, String toolCallId, String reason) {
        decide(workflowId, toolCallId, ApprovalDecision.deny(reason));
    }

    /** Delivers the result of a pending call to an external tool; the model receives it as the tool's return. */
    default void complete(String workflowId, String toolCallId, Object result) {
        decide(workflowId, toolCallId, ApprovalDecision.result(result));
    }

    /** A run's current state. @throws NoSuchRunException when there is none */
    RunInfo describe(String workflowId);

    /** Runs matching {@code query}, newest first. */
    List<RunInfo> list(RunQuery query);

    /** A run's steps in order, with inputs, outputs, attempts, errors, timings, usage and cost. */
    List<StepRecord> history(String workflowId);

    /**
     * Starts a new run {@code newWorkflowId} with the journal of {@code workflowId} before step
     * {@code fromSeq}; steps from {@code fromSeq} on run again on today's code ("fix and replay
     * from the failure").
     */
    WorkflowHandle<Object> fork(String workflowId, int fromSeq, String newWorkflowId);

    /**
     * Replays the recorded runs matching {@code query} against the code registered with this engine,
     * without running any step body and without writing anything, and reports every run whose code no
     * longer matches its journal: a step renamed, added or removed without {@code patched}, a recorded
     * value that no longer reads as its type, a different result. For CI, before new code is deployed
     * on a database of real runs; an engine opened read-only on a copy of it is enough.
     *
     * <pre>{@code
     * try (WorkflowEngine engine = EmbeddedEngine.builder().database(Path.of("prod-copy.db"))
     *         .access(Access.READ_ONLY).register(new OrderWorkflow()).build()) {
     *     ReplayReport report = engine.checkReplay(RunQuery.all().withLimit(10_000));
     * }
     * }</pre>
     *
     * @throws UnsupportedOperationException when this engine cannot replay runs itself
     */
    default ReplayReport checkReplay(RunQuery query) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot replay recorded runs itself;"
                + " check replays on the embedded engine (EmbeddedEngine), or with Temporal's WorkflowReplayer");
    }

    /**
     * Follows a run's events from {@code from} ({@link StreamCursor#START} for all of them): first those of
     * the model steps already recorded, made from the journal, then the step in flight as it streams, to
     * the final result. Any number of subscribers may follow one run, each at its own pace; none slows the
     * run (see {@link dev.steadfast.stream the package documentation}). A subscriber that resumes with
     * the cursor of the last event it handled misses nothing and sees nothing twice; when the step it was
     * in was answered by another attempt (a retry, or a run resumed after a crash) it first gets
     * {@link dev.steadfast.stream.AgentEvent.AttemptDiscarded}. The stream ends after
     * {@link dev.steadfast.stream.AgentEvent.FinalResult}, throws when the run fails or is cancelled, and
     * closing it ends the subscription, not the run.
     *
     * <p>This default reads the run's history twice a second and so shows each model step once it is
     * recorded; an engine whose runs stream live overrides it.
     *
     * <pre>{@code
     * try (EventStream<RunEvent> events = engine.events("req-42", StreamCursor.START)) {
     *     for (RunEvent e : events) {
     *         if (e.event() instanceof AgentEvent.TextDelta d) System.out.print(d.text());
     *     }
     * }
     * }</pre>
     */
    default EventStream<RunEvent> events(String workflowId, StreamCursor from) {
        requireNonNull(workflowId, "workflowId");
        requireNonNull(from, "from");
        return RunFollower.start(
                workflowId, from, () -> describe(workflowId), () -> history(workflowId), LiveSteps.NONE);
    }

    /**
     * This engine's schedules: workflows started on a cron expression or a fixed interval (see
     * {@link dev.steadfast.schedule.Schedule}).
     *
     * @throws UnsupportedOperationException when this engine has no schedules
     */
    default Schedules schedules() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no schedules;"
                + " the embedded engine (EmbeddedEngine) and the Temporal engine (TemporalEngine) have them");
    }

    /** Stops the engine's threads; runs in flight resume when an engine opens the same state again. */
    @Override
    void close();
}
