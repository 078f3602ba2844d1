package dev.steadfast.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.usage.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a run's history, as {@link dev.steadfast.workflow.WorkflowEngine#history} shows it.
 *
 * @param seq the step's position in the run, from 1
 * @param name the step's name ({@code embed}, {@code researcher.model}, {@code researcher.tool.search})
 * @param kind what it records
 * @param status where it stands
 * @param attempts attempts made so far
 * @param input its input as JSON (for a model step, the full conversation sent), or {@code null}
 * @param output its output as JSON, or {@code null}
 * @param error its final error, or {@code null}
 * @param failedAttempts each failed attempt, in order
 * @param startedAt when its first attempt started
 * @param endedAt when it was recorded, or {@code null}
 * @param usage tokens it used ({@link Usage#NONE} for non-model steps)
 * @param cost what it cost in USD ({@code 0} when unknown)
 */
public record StepRecord(int seq, String name, StepKind kind, StepStatus status, int attempts, JsonNode input,
                         JsonNode output, ErrorInfo error, List<AttemptRecord> failedAttempts, Instant startedAt,
                         Instant endedAt, Usage usage, BigDecimal cost) {
    public StepRecord {
        failedAttempts = List.copyOf(failedAttempts);
        usage = Objects.requireNonNullElse(usage, Usage.NONE);
        cost = Objects.requireNonNullElse(cost, BigDecimal.ZERO);
    }

    /** How long the step took, or {@code null} while it runs. */
    public Duration duration() {
        return endedAt == null || startedAt == null ? null : Duration.between(startedAt, endedAt);
    }
}
