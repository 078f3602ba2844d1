package dev.steadfast.temporal.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.schedule.CatchUpPolicy;
import dev.steadfast.schedule.NoSuchScheduleException;
import dev.steadfast.schedule.OverlapPolicy;
import dev.steadfast.schedule.Schedule;
import dev.steadfast.schedule.ScheduleInfo;
import dev.steadfast.schedule.ScheduleSpec;
import dev.steadfast.schedule.Schedules;
import dev.steadfast.workflow.Workflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link Schedules} on Temporal's own schedules ({@code ScheduleClient}): the server fires them, so no worker
 * needs to run for a slot to start. Temporal names a scheduled run {@code <scheduleId>-<slot time>}, as the
 * embedded engine does. Temporal's Java test server does not implement schedules: there every call is an
 * {@link UnsupportedOperationException} that says so.
 */
public final class TemporalSchedules implements Schedules {
    /** Temporal's shortest catch-up window: what {@link CatchUpPolicy#SKIP_MISSED} maps to. */
    static final Duration MIN_CATCH_UP = Duration.ofSeconds(10);

    private final ScheduleClient client;
    private final String taskQueue;
    private final Map<String, Workflow<?, ?>> workflows;
    private final String where;

    TemporalSchedules(WorkflowClient workflows, String taskQueue, Map<String, Workflow<?, ?>> registered) {
        this.client = ScheduleClient.newInstance(
                workflows.getWorkflowServiceStubs(),
                ScheduleClientOptions.newBuilder()
                        .setNamespace(workflows.getOptions().getNamespace())
                        .setDataConverter(workflows.getOptions().getDataConverter())
                        .setIdentity(workflows.getOptions().getIdentity())
                        .build());
        this.taskQueue = taskQueue;
        this.workflows = registered;
        this.where = "Temporal namespace '" + workflows.getOptions().getNamespace() + "'";
    }

    /** Our schedule as Temporal's: spec (cron or interval, zone, jitter), action, overlap and catch-up, paused. */
    static io.temporal.client.schedules.Schedule toTemporal(Schedule s, String taskQueue) {
        var spec = io.temporal.client.schedules.ScheduleSpec.newBuilder().setJitter(s.jitter());
        switch (s.spec()) {
            case ScheduleSpec.Cron c ->
                spec.setCronExpressions(List.of(c.expression()))
                        .setTimeZoneName(c.zone().getId());
            case ScheduleSpec.Interval i -> spec.setIntervals(List.of(new ScheduleIntervalSpec(i.every(), i.offset())));
        }
        var action = ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(s.workflowType())
                .setArguments(Wire.toJson(s.input()))
                .setOptions(WorkflowOptions.newBuilder()
                        .setWorkflowId(s.id()) // Temporal appends "-<slot time>"
                        .setTaskQueue(taskQueue)
                        .build())
                .build();
        var policy = SchedulePolicy.newBuilder()
                .setOverlap(
                        switch (s.overlap()) {
                            case SKIP -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP;
                            case BUFFER_ONE -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE;
                            case ALLOW_ALL -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL;
                        })
                .setCatchupWindow(catchUpWindow(s))
                .build();
        return io.temporal.client.schedules.Schedule.newBuilder()
                .setSpec(spec.build())
                .setAction(action)
                .setPolicy(policy)
                .setState(ScheduleState.newBuilder().setPaused(s.paused()).build())
                .build();
    }

    /**
     * Temporal starts every missed slot inside its catch-up window. {@link CatchUpPolicy#RUN_ONCE} sets the window to
     * one interval (a day for cron), so about one missed slot starts, as on the embedded engine; {@link
     * CatchUpPolicy#SKIP_MISSED} to Temporal's shortest.
     */
    static Duration catchUpWindow(Schedule s) {
        if (s.catchUp() == CatchUpPolicy.SKIP_MISSED) {
            return MIN_CATCH_UP;
        }
        Duration period = s.spec() instanceof ScheduleSpec.Interval i ? i.every() : Duration.ofDays(1);
        return period.compareTo(MIN_CATCH_UP) < 0 ? MIN_CATCH_UP : period;
    }

    /** Temporal's schedule {@code id} as ours (its input as JSON). */
    static Schedule fromTemporal(String id, io.temporal.client.schedules.Schedule t) {
        var spec = t.getSpec();
        List<String> crons = spec.getCronExpressions();
        ScheduleSpec ours = crons == null || crons.isEmpty()
                ? new ScheduleSpec.Interval(
                        spec.getIntervals().get(0).getEvery(),
                        spec.getIntervals().get(0).getOffset())
                : ScheduleSpec.cron(
                        crons.get(0),
                        ZoneId.of(
                                spec.getTimeZoneName() == null
                                                || spec.getTimeZoneName().isEmpty()
                                        ? "UTC"
                                        : spec.getTimeZoneName()));
        var action = (ScheduleActionStartWorkflow) t.getAction();
        JsonNode input = action.getArguments().get(0, JsonNode.class);
        OverlapPolicy overlap = switch (t.getPolicy().getOverlap()) {
            case SCHEDULE_OVERLAP_POLICY_BUFFER_ONE -> OverlapPolicy.BUFFER_ONE;
            case SCHEDULE_OVERLAP_POLICY_ALLOW_ALL -> OverlapPolicy.ALLOW_ALL;
            default -> OverlapPolicy.SKIP;
        };
        Duration window = t.getPolicy().getCatchupWindow();
        CatchUpPolicy catchUp = window != null && window.compareTo(MIN_CATCH_UP) <= 0
                ? CatchUpPolicy.SKIP_MISSED
                : CatchUpPolicy.RUN_ONCE;
        Duration jitter = spec.getJitter() == null ? Duration.ZERO : spec.getJitter();
        return new Schedule(
                id,
                action.getWorkflowType(),
                input,
                ours,
                overlap,
                catchUp,
                jitter,
                t.getState() != null && t.getState().isPaused());
    }

    @Override
    public ScheduleInfo create(Schedule schedule) {
        requireNonNull(schedule, "schedule");
        Workflow<?, ?> w = workflows.get(schedule.workflowType());
        if (w != null) {
            try {
                Wire.fromJson(Wire.toJson(schedule.input()), w.inputType());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "The input of schedule '" + schedule.id() + "' must convert to "
                                + w.inputType().getTypeName() + ": " + e.getMessage(),
                        e);
            }
        }
        call(() -> {
            try {
                return client.createSchedule(
                        schedule.id(),
                        toTemporal(schedule, taskQueue),
                        ScheduleOptions.newBuilder().build());
            } catch (ScheduleAlreadyRunningException e) {
                throw new IllegalStateException(
                        "Schedule '" + schedule.id() + "' exists in " + where
                                + "; delete it first to change it, or choose another id.",
                        e);
            }
        });
        return describe(schedule.id());
    }

    @Override
    public List<ScheduleInfo> list() {
        List<String> ids = call(() ->
                client.listSchedules().map(d -> d.getScheduleId()).sorted().toList());
        var out = new ArrayList<ScheduleInfo>();
        for (String id : ids) {
            out.add(describe(id));
        }
        return out;
    }

    @Override
    public ScheduleInfo describe(String scheduleId) {
        ScheduleDescription d =
                call(scheduleId, () -> client.getHandle(scheduleId).describe());
        List<ScheduleActionResult> recent = new ArrayList<>(d.getInfo().getRecentActions());
        recent.sort(Comparator.comparing(ScheduleActionResult::getScheduledAt).reversed());
        List<String> runs = recent.stream()
                .map(ScheduleActionResult::getAction)
                .filter(ScheduleActionExecutionStartWorkflow.class::isInstance)
                .map(a -> ((ScheduleActionExecutionStartWorkflow) a).getWorkflowId())
                .limit(ScheduleInfo.RECENT_RUNS)
                .toList();
        Schedule s = fromTemporal(scheduleId, d.getSchedule());
        List<Instant> next = d.getInfo().getNextActionTimes();
        Instant nextFire = s.paused() || next.isEmpty() ? null : next.get(0);
        Instant last = recent.isEmpty() ? null : recent.get(0).getScheduledAt();
        return new ScheduleInfo(s, nextFire, last, runs);
    }

    @Override
    public void pause(String scheduleId) {
        call(scheduleId, () -> {
            client.getHandle(scheduleId).pause("paused through Steadfast");
            return null;
        });
    }

    @Override
    public void resume(String scheduleId) {
        call(scheduleId, () -> {
            client.getHandle(scheduleId).unpause("resumed through Steadfast");
            return null;
        });
    }

    /** Temporal starts the run itself and names it with the time it chose; this returns the newest run it reports. */
    @Override
    public String trigger(String scheduleId) {
        call(scheduleId, () -> {
            client.getHandle(scheduleId).trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);
            return null;
        });
        List<String> recent = describe(scheduleId).recentRuns();
        return recent.isEmpty() ? scheduleId : recent.get(0);
    }

    @Override
    public void delete(String scheduleId) {
        call(scheduleId, () -> {
            client.getHandle(scheduleId).delete();
            return null;
        });
    }

    private <T> T call(String scheduleId, Supplier<T> body) {
        try {
            return call(body);
        } catch (RuntimeException e) {
            if (status(e) == Status.Code.NOT_FOUND) {
                throw new NoSuchScheduleException(scheduleId, where);
            }
            throw e;
        }
    }

    private <T> T call(Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            if (status(e) == Status.Code.UNIMPLEMENTED) {
                throw new UnsupportedOperationException(
                        "The Temporal service of " + where + " does not implement"
                                + " schedules: Temporal's Java test server (TestWorkflowEnvironment, `steadfast temporal"
                                + " dev-server`) has none. Use a Temporal server (`temporal server start-dev`), Temporal"
                                + " Cloud, or the embedded engine.",
                        e);
            }
            throw e;
        }
    }

    /** The gRPC status code somewhere in {@code e}'s causes, or {@code null}. */
    static Status.Code status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException s) {
                return s.getStatus().getCode();
            }
        }
        return null;
    }
}
