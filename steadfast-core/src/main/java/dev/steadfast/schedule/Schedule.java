package dev.steadfast.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A workflow started on a cron expression or a fixed interval: which workflow, with what input, when
 * ({@link ScheduleSpec}), what a slot does while the last run still runs ({@link OverlapPolicy}), what
 * happens to slots missed while no engine ran ({@link CatchUpPolicy}), a random delay to spread starts
 * (jitter), and whether it is paused. Created through {@code engine.schedules().create(schedule)}.
 *
 * <pre>{@code
 * Schedule nightly = Schedule.builder("nightly-report")
 *         .workflow("ReportWorkflow", new ReportRequest("sales"))
 *         .cron("0 3 * * *", ZoneId.of("Europe/Berlin"))
 *         .overlap(OverlapPolicy.SKIP)
 *         .catchUp(CatchUpPolicy.RUN_ONCE)
 *         .jitter(Duration.ofMinutes(2))
 *         .build();
 * }</pre>
 *
 * @param id the schedule's id, also the prefix of its runs' ids
 * @param workflowType the registered workflow's name (an agent's name runs the agent)
 * @param input the workflow's input (any value the engine's JSON codec writes); {@code null} for none
 * @param spec when it fires
 * @param overlap what a slot does while the last run has not ended
 * @param catchUp what slots missed while no engine ran do
 * @param jitter each slot's run starts up to this much later ({@link Duration#ZERO}: at the slot)
 * @param paused whether it fires nothing for now
 */
public record Schedule(
        String id,
        String workflowType,
        Object input,
        ScheduleSpec spec,
        OverlapPolicy overlap,
        CatchUpPolicy catchUp,
        Duration jitter,
        boolean paused) {
    public Schedule {
        if (id == null || id.isBlank() || !id.equals(id.strip())) {
            throw new IllegalArgumentException(
                    "Schedule id must be non-blank without surrounding spaces but was '" + id + "'");
        }
        if (workflowType == null || workflowType.isBlank()) {
            throw new IllegalArgumentException("Schedule '" + id + "' needs a workflow: .workflow(name, input)");
        }
        if (spec == null) {
            throw new IllegalArgumentException(
                    "Schedule '" + id + "' needs a spec: .cron(expression, zone) or .every(duration)");
        }
        requireNonNull(overlap, "overlap");
        requireNonNull(catchUp, "catchUp");
        requireNonNull(jitter, "jitter");
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("Schedule '" + id + "': jitter must be >= 0 but was " + jitter);
        }
        if (spec instanceof ScheduleSpec.Interval i && jitter.compareTo(i.every()) >= 0) {
            throw new IllegalArgumentException("Schedule '" + id + "': jitter must be shorter than the interval ("
                    + i.every() + ") but was " + jitter + ", or one slot's run could start after the next slot's");
        }
    }

    /** A builder for a schedule of that id. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** The id of the run that slot {@code slot} of schedule {@code scheduleId} starts: {@code <scheduleId>-<slot>}. */
    public static String runId(String scheduleId, Instant slot) {
        return scheduleId + "-" + slot;
    }

    /**
     * How much later than its slot the run of {@code slot} starts: in {@code [0, jitter)}, the same for the
     * same slot in every process, so a restart does not move it.
     */
    public Duration jitterFor(Instant slot) {
        if (jitter.isZero()) {
            return Duration.ZERO;
        }
        long h = (id.hashCode() * 0x9E3779B97F4A7C15L) ^ slot.toEpochMilli();
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return Duration.ofMillis(Math.floorMod(h, jitter.toMillis()));
    }

    /** This schedule paused or not. */
    public Schedule withPaused(boolean paused) {
        return new Schedule(id, workflowType, input, spec, overlap, catchUp, jitter, paused);
    }

    /** Builds a {@link Schedule}; workflow and spec are required, everything else has a default. */
    public static final class Builder {
        private final String id;
        private String workflowType;
        private Object input;
        private ScheduleSpec spec;
        private OverlapPolicy overlap = OverlapPolicy.SKIP;
        private CatchUpPolicy catchUp = CatchUpPolicy.RUN_ONCE;
        private Duration jitter = Duration.ZERO;
        private boolean paused;

        private Builder(String id) {
            this.id = id;
        }

        /** The registered workflow (or agent) to start, by name, and its input. Required. */
        public Builder workflow(String workflowType, Object input) {
            this.workflowType = requireNonNull(workflowType, "workflowType");
            this.input = input;
            return this;
        }

        /** Fire on a five-field cron expression read in {@code zone} ({@link ScheduleSpec.Cron}). */
        public Builder cron(String expression, ZoneId zone) {
            return spec(ScheduleSpec.cron(expression, zone));
        }

        /** Fire every {@code every}, aligned to the Unix epoch ({@link ScheduleSpec.Interval}). */
        public Builder every(Duration every) {
            return spec(ScheduleSpec.every(every));
        }

        /** When to fire. Required (or {@link #cron} / {@link #every}). */
        public Builder spec(ScheduleSpec spec) {
            this.spec = requireNonNull(spec, "spec");
            return this;
        }

        /** What a slot does while the last run has not ended. Default {@link OverlapPolicy#SKIP}. */
        public Builder overlap(OverlapPolicy overlap) {
            this.overlap = requireNonNull(overlap, "overlap");
            return this;
        }

        /** What slots missed while no engine ran do. Default {@link CatchUpPolicy#RUN_ONCE}. */
        public Builder catchUp(CatchUpPolicy catchUp) {
            this.catchUp = requireNonNull(catchUp, "catchUp");
            return this;
        }

        /** Each run starts up to this much after its slot. Default {@link Duration#ZERO}. */
        public Builder jitter(Duration jitter) {
            this.jitter = requireNonNull(jitter, "jitter");
            return this;
        }

        /** Create it paused. Default {@code false}. */
        public Builder paused(boolean paused) {
            this.paused = paused;
            return this;
        }

        /** The schedule. @throws IllegalArgumentException naming what is missing or wrong */
        public Schedule build() {
            return new Schedule(id, workflowType, input, spec, overlap, catchUp, jitter, paused);
        }
    }
}
