package dev.steadfast.error;

import dev.steadfast.usage.Usage;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A child run (an agent delegated to) ended without a result: it failed or was cancelled. Workflow
 * code that called {@code ctx.run(agent, prompt)} may catch it; a delegate tool's model is told
 * instead, as a failed tool return, and may try something else. On replay the same failure is
 * thrown again. What the child used before it ended ({@link #usage()}, {@link #cost()}) is spent
 * all the same: an agent whose delegate fails counts it in its own usage and limits.
 *
 * <pre>{@code
 * try {
 *     notes = ctx.run(researcher, "Find sources on " + topic).output();
 * } catch (ChildRunFailedException e) {
 *     notes = "no sources (" + e.childRunId() + ": " + e.errorMessage() + ", " + e.usage().requests() + " requests)";
 * }
 * }</pre>
 */
public class ChildRunFailedException extends StepFailedException {
    private final String childRunId;
    private final Usage usage;
    private final BigDecimal cost;

    /** A child run that failed having used nothing (or what it used is not known). */
    public ChildRunFailedException(String stepName, String childRunId, String errorType, String errorMessage) {
        this(stepName, childRunId, errorType, errorMessage, Usage.NONE, BigDecimal.ZERO);
    }

    /**
     * A child run that failed after using {@code usage}, which cost {@code cost}; {@code null} for either means
     * nothing.
     */
    public ChildRunFailedException(
            String stepName, String childRunId, String errorType, String errorMessage, Usage usage, BigDecimal cost) {
        super(stepName, 1, errorType, "child run '" + childRunId + "': " + errorMessage, null);
        this.childRunId = Objects.requireNonNull(childRunId, "childRunId");
        this.usage = usage == null ? Usage.NONE : usage;
        this.cost = cost == null ? BigDecimal.ZERO : cost;
    }

    /** The id of the child run that failed; {@code describe} and {@code history} show what happened in it. */
    public String childRunId() {
        return childRunId;
    }

    /**
     * What the child run used before it ended (its own children's usage included): the same as {@code describe}
     * shows for it, and what its failed step in the parent's history records. {@link Usage#NONE} when nothing.
     */
    public Usage usage() {
        return usage;
    }

    /** What the child run cost before it ended, as {@link #usage()} says; zero when nothing. */
    public BigDecimal cost() {
        return cost;
    }
}
