package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.observe.ObservedRun;
import dev.steadfast.observe.ObservedStep;
import dev.steadfast.observe.RunObservation;
import dev.steadfast.observe.RunObservers;
import dev.steadfast.observe.StepDetails;
import dev.steadfast.observe.StepObservation;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import dev.steadfast.workflow.AgentWorkflow;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.spi.StepMetrics;
import io.temporal.activity.ActivityInfo;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.Header;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.unsafe.WorkflowUnsafe;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What the Temporal engine tells the installed {@link dev.steadfast.observe.RunObserver}, and how a run's
 * trace context travels: the client puts it in the workflow's memo when it starts the run; a worker
 * interceptor copies it from the memo into the header of every activity and local activity the workflow
 * schedules (the same on every replay, so deterministic); the activity side reads it from the header, so each
 * attempt, on whatever worker, reports into the run's trace. Attempts are reported by {@link StepActivity}
 * where they run, which Temporal never does for a replayed step; the run's end is reported by the workflow
 * only when it is not replaying.
 */
public final class TemporalTraces {
    static final String MEMO = "steadfast.traceparent";
    private static final String HEADER = "steadfast-traceparent";
    private static final ThreadLocal<String> ACTIVITY_TRACE = new ThreadLocal<>();

    private TemporalTraces() {}

    /** {@code options} with the {@link Interceptor} added to the worker interceptors they have. */
    static WorkerFactoryOptions withInterceptor(WorkerFactoryOptions options) {
        var b = options == null ? WorkerFactoryOptions.newBuilder() : WorkerFactoryOptions.newBuilder(options);
        WorkerInterceptor[] had = options == null || options.getWorkerInterceptors() == null
                ? new WorkerInterceptor[0]
                : options.getWorkerInterceptors();
        WorkerInterceptor[] all = java.util.Arrays.copyOf(had, had.length + 1);
        all[had.length] = new Interceptor();
        return b.setWorkerInterceptors(all).build();
    }

    /** Observes a run's start on the caller's thread ({@link RunObservation#NOOP} when nothing is installed). */
    static RunObservation starting(String workflowId, String type, Workflow<?, ?> workflow) {
        if (!RunObservers.active()) {
            return RunObservation.NOOP;
        }
        return RunObservers.installed()
                .runStarted(new ObservedRun(workflowId, type, workflow instanceof AgentWorkflow, true));
    }

    /** The memo a run starts with: {@code memo} and the observed start's trace context. */
    static Map<String, Object> memo(Map<String, Object> memo, RunObservation observed) {
        String context = observed.traceContext();
        if (context == null) {
            return memo;
        }
        var all = new HashMap<>(memo);
        all.put(MEMO, context);
        return all;
    }

    /** Starts observing one attempt of the activity running on this thread. */
    static StepObservation attempt(ActivityInfo info, Wire.StepInput input, StepDetails known) {
        if (!RunObservers.active()) {
            return StepObservation.NOOP;
        }
        RunObservation run = RunObservers.installed()
                .runResumed(
                        new ObservedRun(info.getWorkflowId(), info.getWorkflowType(), false, true),
                        ACTIVITY_TRACE.get());
        return run.stepStarted(new ObservedStep(input.name(), input.kind(), info.getAttempt(), details(input, known)));
    }

    /** Reports an attempt's result (a model step's response decoded from its JSON). */
    static void finished(StepObservation observed, Wire.StepInput input, Wire.StepValue value) {
        if (!observed.observes()) {
            return;
        }
        Object result = input.kind() == StepKind.MODEL && value.value() != null
                ? Wire.fromJson(value.value(), ModelResponse.class)
                : value.value();
        StepMetrics m = value.metrics() == null ? StepMetrics.NONE : value.metrics();
        observed.finished(result, m.usage(), m.cost());
    }

    /** What the step's name and recorded input tell: the agent, and a tool call's tool, call id and arguments. */
    private static StepDetails details(Wire.StepInput input, StepDetails known) {
        String name = input.name();
        int dot = name.indexOf('.');
        if (dot < 0 || (input.kind() != StepKind.MODEL && input.kind() != StepKind.TOOL)) {
            return known;
        }
        String agent = name.substring(0, dot);
        if (input.kind() == StepKind.MODEL) {
            return known.provider() != null ? known : StepDetails.model(agent, null, null, null);
        }
        if (!name.startsWith(".tool.", dot)) {
            return StepDetails.NONE;
        }
        JsonNode in = input.input();
        String callId = in == null || in.path("toolCallId").isMissingNode()
                ? null
                : in.path("toolCallId").asText();
        JsonNode args = in == null ? null : in.get("args");
        return StepDetails.tool(
                agent, name.substring(dot + ".tool.".length()), callId, args == null ? null : args::toString);
    }

    /**
     * Carries the run's trace context from its memo into its activities' headers, reads it back where they run,
     * and reports the run's end once, from the workflow task that ends it (never from a replay).
     */
    public static final class Interceptor extends WorkerInterceptorBase {
        @Override
        public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
            return new WorkflowInboundCallsInterceptorBase(next) {
                @Override
                public void init(WorkflowOutboundCallsInterceptor outbound) {
                    super.init(new Outbound(outbound));
                }

                @Override
                public WorkflowOutput execute(WorkflowInput input) {
                    try {
                        WorkflowOutput out = super.execute(input);
                        ended(RunStatus.COMPLETED, null);
                        return out;
                    } catch (CanceledFailure e) {
                        ended(RunStatus.CANCELLED, null);
                        throw e;
                    } catch (TemporalFailure e) {
                        ended(RunStatus.FAILED, e);
                        throw e;
                    }
                }
            };
        }

        @Override
        public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
            return new ActivityInboundCallsInterceptorBase(next) {
                @Override
                public ActivityInboundCallsInterceptor.ActivityOutput execute(
                        ActivityInboundCallsInterceptor.ActivityInput input) {
                    Payload p = input.getHeader().getValues().get(HEADER);
                    ACTIVITY_TRACE.set(p == null ? null : p.getData().toStringUtf8());
                    try {
                        return super.execute(input);
                    } finally {
                        ACTIVITY_TRACE.remove();
                    }
                }
            };
        }

        private static void ended(RunStatus status, Throwable error) {
            if (WorkflowUnsafe.isReplaying() || !RunObservers.active()) {
                return;
            }
            var info = io.temporal.workflow.Workflow.getInfo();
            RunObservers.installed()
                    .runResumed(new ObservedRun(info.getWorkflowId(), info.getWorkflowType(), false, true), trace())
                    .ended(status, error);
        }

        private static String trace() {
            return io.temporal.workflow.Workflow.getMemo(MEMO, String.class, String.class);
        }

        private static Header withTrace(Header header) {
            String trace = trace();
            if (trace == null) {
                return header;
            }
            var values = new HashMap<>(header.getValues());
            values.put(
                    HEADER,
                    Payload.newBuilder()
                            .setData(ByteString.copyFrom(trace, StandardCharsets.UTF_8))
                            .build());
            return new Header(values);
        }

        private static final class Outbound extends WorkflowOutboundCallsInterceptorBase {
            Outbound(WorkflowOutboundCallsInterceptor next) {
                super(next);
            }

            @Override
            public <R> WorkflowOutboundCallsInterceptor.ActivityOutput<R> executeActivity(
                    WorkflowOutboundCallsInterceptor.ActivityInput<R> in) {
                return super.executeActivity(new WorkflowOutboundCallsInterceptor.ActivityInput<>(
                        in.getActivityName(),
                        in.getResultClass(),
                        in.getResultType(),
                        in.getArgs(),
                        in.getOptions(),
                        withTrace(in.getHeader())));
            }

            @Override
            public <R> LocalActivityOutput<R> executeLocalActivity(LocalActivityInput<R> in) {
                return super.executeLocalActivity(new LocalActivityInput<>(
                        in.getActivityName(),
                        in.getResultClass(),
                        in.getResultType(),
                        in.getArgs(),
                        in.getOptions(),
                        withTrace(in.getHeader())));
            }
        }
    }
}
