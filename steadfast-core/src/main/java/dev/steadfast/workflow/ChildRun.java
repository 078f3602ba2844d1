package dev.steadfast.workflow;

import dev.steadfast.agent.AgentResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A child run started by {@link WorkflowContext#start}: it runs while the workflow goes on; wait for
 * it with {@link #result()}, or for several with {@link WorkflowContext#all} or {@link WorkflowContext#any}.
 *
 * <pre>{@code
 * List<ChildRun<Notes>> runs = topics.stream().map(t -> ctx.start(researcher, t)).toList();
 * List<AgentResult<Notes>> notes = ctx.all(runs);
 * }</pre>
 *
 * @param <O> the agent's output type
 */
public final class ChildRun<O> {
    private final CompletableFuture<AgentResult<O>> future;

    ChildRun(CompletableFuture<AgentResult<O>> future) {
        this.future = future;
    }

    /** Waits for the child run to end and returns its result. @throws ChildRunFailedException when it failed */
    public AgentResult<O> result() {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    CompletableFuture<AgentResult<O>> future() {
        return future;
    }
}
