package dev.steadfast.workflow;

import dev.steadfast.error.WorkflowFailedException;
import dev.steadfast.run.RunInfo;
import java.time.Duration;

/**
 * A run, to wait for or steer.
 *
 * <pre>{@code
 * WorkflowHandle<Outcome> h = engine.start(ApprovalWorkflow.class, "req-42", request);
 * Outcome o = h.result(Duration.ofMinutes(5));
 * }</pre>
 *
 * @param <O> the run's output type
 */
public interface WorkflowHandle<O> {
    /** The run's id. */
    String workflowId();

    /**
     * Waits up to {@code timeout} for the run to end and returns its output.
     *
     * @throws WorkflowFailedException if the run failed or was cancelled
     * @throws dev.steadfast.error.ResultTimeoutException when the run is still going after {@code timeout};
     *     the run goes on
     */
    O result(Duration timeout);

    /** The run's current state. */
    RunInfo describe();
}
