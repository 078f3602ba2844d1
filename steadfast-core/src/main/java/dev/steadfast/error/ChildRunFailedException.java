package dev.steadfast.error;

/**
 * A child run (an agent delegated to) ended without a result: it failed or was cancelled. Workflow
 * code that called {@code ctx.run(agent, prompt)} may catch it; a delegate tool's model is told
 * instead, as a failed tool return, and may try something else. On replay the same failure is
 * thrown again.
 *
 * <pre>{@code
 * try {
 *     notes = ctx.run(researcher, "Find sources on " + topic).output();
 * } catch (ChildRunFailedException e) {
 *     notes = "no sources (" + e.childRunId() + ": " + e.errorMessage() + ")";
 * }
 * }</pre>
 */
public class ChildRunFailedException extends StepFailedException {
    private final String childRunId;

    public ChildRunFailedException(String stepName, String childRunId, String errorType, String errorMessage) {
        super(stepName, 1, errorType, "child run '" + childRunId + "': " + errorMessage, null);
        this.childRunId = childRunId;
    }

    /** The id of the child run that failed; {@code describe} and {@code history} show what happened in it. */
    public String childRunId() {
        return childRunId;
    }
}
