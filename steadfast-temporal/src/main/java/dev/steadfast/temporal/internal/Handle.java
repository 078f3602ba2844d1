package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.SteadfastException;
import dev.steadfast.error.NoSuchRunException;
import dev.steadfast.error.ResultTimeoutException;
import dev.steadfast.error.WorkflowFailedException;
import dev.steadfast.run.ErrorInfo;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.WorkflowHandle;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A run on Temporal, by workflow id (its latest execution). */
final class Handle<O> implements WorkflowHandle<O> {
    private final TemporalWorkflowEngine engine;
    private final String workflowId;
    private final Type outputType;

    Handle(TemporalWorkflowEngine engine, String workflowId, Type outputType) {
        this.engine = engine;
        this.workflowId = workflowId;
        this.outputType = outputType;
    }

    @Override
    public String workflowId() {
        return workflowId;
    }

    @Override
    public O result(Duration timeout) {
        try {
            JsonNode out = engine.client().newUntypedWorkflowStub(workflowId)
                    .getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, JsonNode.class);
            return Wire.fromJson(AgentResults.expand(out, engine.conversations(), workflowId), outputType);
        } catch (TimeoutException e) {
            throw new ResultTimeoutException(workflowId, timeout);
        } catch (WorkflowNotFoundException e) {
            throw new NoSuchRunException(workflowId, engine.where());
        } catch (io.temporal.client.WorkflowFailedException e) {
            throw failed(workflowId, e.getCause());
        }
    }

    /** The engine-neutral exception for a run that ended with {@code cause}. */
    static WorkflowFailedException failed(String workflowId, Throwable cause) {
        if (cause instanceof CanceledFailure) {
            return new WorkflowFailedException(workflowId, RunStatus.CANCELLED, null);
        }
        if (cause instanceof ApplicationFailure af) {
            return new WorkflowFailedException(workflowId, RunStatus.FAILED,
                    new ErrorInfo(af.getType(), af.getOriginalMessage(), null));
        }
        return new WorkflowFailedException(workflowId, RunStatus.FAILED, cause == null
                ? new ErrorInfo(SteadfastException.class.getName(), "failed", null)
                : new ErrorInfo(cause.getClass().getName(), cause.getMessage(), null));
    }

    @Override
    public RunInfo describe() {
        return engine.describe(workflowId);
    }
}
