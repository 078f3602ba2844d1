package dev.steadfast.engine.internal;

import dev.steadfast.SteadfastException;
import dev.steadfast.error.ResultTimeoutException;
import dev.steadfast.error.WorkflowFailedException;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.WorkflowHandle;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A handle on a run of the embedded engine; waits by watching the run's row. A handle that
 * {@code start} returned also sees how the run ended if it ended in the load {@code start} began,
 * so collecting many results needs no read of each.
 */
final class EmbeddedHandle<O> implements WorkflowHandle<O> {
    /** The engine's {@code describe}, by run id. */
    private final Function<String, RunInfo> describe;
    private final EngineRuntime rt;
    private final String workflowId;
    private final Type resultType;
    /** Where the run's load that {@code start} began leaves how it ended; {@code null} for other handles. */
    private final AtomicReference<RunEnd.Ended> endSeen;

    EmbeddedHandle(EngineRuntime rt, String workflowId, Type resultType, AtomicReference<RunEnd.Ended> endSeen,
                   Function<String, RunInfo> describe) {
        this.describe = describe;
        this.rt = rt;
        this.workflowId = workflowId;
        this.resultType = resultType;
        this.endSeen = endSeen;
    }

    @Override
    public String workflowId() {
        return workflowId;
    }

    @Override
    public O result(Duration timeout) {
        RunEnd.Ended seen = endSeen == null ? null : endSeen.get();
        if (seen != null) {
            return resultOf(seen); // it ended in the load start began, durably: no read needed
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        RunEnd end = rt.runEnd(workflowId);
        RunEnd.Ended how = outcome();
        while (!how.status().isTerminal()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new ResultTimeoutException(workflowId, timeout);
            }
            try {
                // this engine tells at once; the bound notices a run another engine on the file ended
                RunEnd.Ended ended = end.await(Math.min(left, 50));
                if (ended != null) {
                    how = ended;
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SteadfastException("Interrupted while waiting for run '" + workflowId + "'", e);
            }
            end = rt.runEnd(workflowId);
            how = outcome();
        }
        rt.forgetRunEnd(workflowId, end);
        return resultOf(how);
    }

    /** The output of a run that ended as {@code how}, or its failure thrown. */
    private O resultOf(RunEnd.Ended how) {
        if (how.status() == RunStatus.COMPLETED) {
            return rt.codec.decode(how.output(), resultType);
        }
        throw new WorkflowFailedException(workflowId, how.status(), rt.codec.error(how.error()));
    }

    private RunEnd.Ended outcome() {
        return rt.store.read(db -> Tables.runOutcome(db, workflowId)).orElseThrow();
    }

    @Override
    public RunInfo describe() {
        return describe.apply(workflowId);
    }
}
