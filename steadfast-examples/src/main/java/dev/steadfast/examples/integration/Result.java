package dev.steadfast.examples.integration;

import static java.util.Objects.requireNonNull;

/**
 * How an integration run ended: validated, or degraded — enriched but not validated, with the
 * reason — so the caller can queue the record for a person instead of losing it.
 *
 * @param status which of the two
 * @param data the validated record, or the enriched one when degraded
 * @param failure why validation gave up ({@code null} when validated)
 */
public record Result(Status status, EnrichedData data, String failure) {
    /** Which way the run ended. */
    public enum Status { VALIDATED, DEGRADED }

    public Result {
        requireNonNull(status, "status");
        requireNonNull(data, "data");
    }

    public static Result validated(EnrichedData data) {
        return new Result(Status.VALIDATED, data, null);
    }

    public static Result degraded(EnrichedData data, String failure) {
        return new Result(Status.DEGRADED, data, requireNonNull(failure, "failure"));
    }
}
