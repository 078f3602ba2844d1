package dev.steadfast.workflow;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.RunOptions;
import dev.steadfast.agent.internal.Delegation;
import dev.steadfast.error.ChildRunFailedException;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.step.StepOptions;
import dev.steadfast.step.TypeRef;
import dev.steadfast.workflow.spi.StepExecutor;
import dev.steadfast.workflow.spi.StepExecutors;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.Logger;

/**
 * Workflow code's only door to the outside world. Every method is durable: its effect or result is
 * recorded in the run's journal (embedded engine) or history (Temporal), and a replay after a
 * crash returns the recorded value instead of doing the work again.
 *
 * <pre>{@code
 * List<Double> vectors = ctx.step("embed", new TypeRef<List<Double>>() {}, () -> embed(docs));
 * Approval ok = ctx.awaitSignal("approval", Approval.class);   // hours; survives restarts
 * ctx.sleep(Duration.ofMinutes(5));
 * }</pre>
 */
public interface WorkflowContext {
    /** The run's id. */
    String workflowId();

    /**
     * Runs {@code body} once and records its result; on replay returns the recorded result (or
     * rethrows the recorded failure) without running it. Failed attempts are retried per
     * {@code options}; when retries are exhausted a {@link StepFailedException} is thrown here.
     */
    <T> T step(String name, TypeRef<T> type, StepOptions options, Callable<T> body);

    /** {@link #step(String, TypeRef, StepOptions, Callable)} with {@link StepOptions#DEFAULT}. */
    default <T> T step(String name, TypeRef<T> type, Callable<T> body) {
        return step(name, type, StepOptions.DEFAULT, body);
    }

    /** {@link #step(String, TypeRef, StepOptions, Callable)} for a plain class. */
    default <T> T step(String name, Class<T> type, StepOptions options, Callable<T> body) {
        return step(name, TypeRef.of(type), options, body);
    }

    /** {@link #step(String, TypeRef, StepOptions, Callable)} for a plain class, default options. */
    default <T> T step(String name, Class<T> type, Callable<T> body) {
        return step(name, TypeRef.of(type), StepOptions.DEFAULT, body);
    }

    /** A durable timer: the run waits (without a thread, once the wait is long) and survives restarts. */
    void sleep(Duration duration);

    /**
     * Waits for the next signal named {@code name} and returns its payload. Signals that arrived
     * before the wait are buffered and consumed in order of arrival.
     */
    <T> T awaitSignal(String name, Class<T> type);

    /** {@link #awaitSignal(String, Class)} that gives up after {@code timeout} with an empty result. */
    <T> Optional<T> awaitSignal(String name, Class<T> type, Duration timeout);

    /** Deterministic time: the time recorded when this point was first reached. */
    Instant now();

    /** A deterministic random UUID (the same on every replay of this run). */
    UUID randomUUID();

    /** A deterministic random source for this run. */
    Random random();

    /**
     * Versioning for code that changes under in-flight runs: returns {@code true} for runs that
     * reach this point on code that has the change, {@code false} for runs that had already passed
     * it before the change.
     */
    boolean patched(String changeId);

    /** Registers an undo action for work just completed (saga); {@link #compensate()} runs them. */
    void addCompensation(String name, Runnable undo);

    /** Runs the registered compensations in reverse order, each as a durable step. */
    void compensate();

    /** A logger that is silent while the run replays recorded history. */
    Logger logger();

    /**
     * Runs {@code agent} on {@code prompt} as a child run: its own id ({@code <this run's id>.c<seq>}), its
     * own journal, linked to this run both ways ({@code RunInfo.parentId}, {@code childIds}). A crash resumes
     * both without repeating a recorded step of either; cancelling this run cancels it; its pending
     * approvals show in this run's {@code describe} and are decided through this run's id. Its usage and
     * cost count in this run's. The agent need not be registered with the engine.
     *
     * <pre>{@code
     * Notes notes = ctx.run(researcher, "Find sources on " + topic).output();
     * }</pre>
     *
     * @throws ChildRunFailedException when the child run fails or is cancelled
     */
    default <O> AgentResult<O> run(Agent<?, O> agent, String prompt) {
        return run(agent, prompt, null);
    }

    /** {@link #run(Agent, String)} with {@code deps} for the agent's tools. */
    default <D, O> AgentResult<O> run(Agent<D, O> agent, String prompt, D deps) {
        return executor().execute(Delegation.child(agent, prompt, RunOptions.of(deps)));
    }

    /**
     * Starts {@code agent} on {@code prompt} as a child run, as {@link #run(Agent, String)} does, and
     * returns at once: several started one after the other run at the same time. Their ids and journal
     * places are taken in the order they are started, so a replay finds each where it was.
     */
    default <O> ChildRun<O> start(Agent<?, O> agent, String prompt) {
        return start(agent, prompt, null);
    }

    /** {@link #start(Agent, String)} with {@code deps} for the agent's tools. */
    default <D, O> ChildRun<O> start(Agent<D, O> agent, String prompt, D deps) {
        return new ChildRun<>(executor().executeAsync(Delegation.child(agent, prompt, RunOptions.of(deps))));
    }

    /**
     * Waits for every run of {@code runs} and returns their results in the order given.
     *
     * @throws ChildRunFailedException for the first of them (in that order) that failed
     */
    default <O> List<AgentResult<O>> all(List<ChildRun<O>> runs) {
        return runs.stream().map(ChildRun::result).toList();
    }

    /**
     * Waits until one of {@code runs} has ended and returns it (the first to end; recorded, so a replay
     * returns the same one). The others go on; their results can still be taken.
     */
    default <O> ChildRun<O> any(List<ChildRun<O>> runs) {
        return runs.get(executor().firstDone(runs.stream().map(ChildRun::future).toList()));
    }

    private StepExecutor executor() {
        return this instanceof StepExecutor s
                ? s
                : StepExecutors.current()
                        .orElseThrow(() -> new IllegalStateException(
                                "Child runs are started by workflow code, on the run's thread"));
    }
}
