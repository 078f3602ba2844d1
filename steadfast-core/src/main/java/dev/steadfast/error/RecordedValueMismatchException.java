package dev.steadfast.error;

/**
 * A step's recorded value no longer reads as the type today's code asks for: a property of the
 * record was renamed, removed or added since the run recorded it. The value is never read as a
 * silent default ({@code 0}, {@code null}); the run stops where it is, keeps its journal, and
 * resumes when code whose type matches what was recorded is deployed (or a {@code fork} runs the
 * step again on today's code).
 *
 * <pre>{@code
 * // recorded: {"count": 3}; the code now reads record Tally(int total)
 * // -> Step 'tally' (entry 2 of run 'order-7') recorded a value that does not read as Tally: ...
 * }</pre>
 */
public class RecordedValueMismatchException extends PayloadException {
    private final String stepName;
    private final String field;

    /**
     * @param field where in the value the mismatch is ({@code "items[2].count"}), or {@code null} for the value itself
     * @param detail what does not match, for people
     */
    public RecordedValueMismatchException(String workflowId, int seq, String stepName, String typeName, String field,
                                          String detail) {
        super("Step '" + stepName + "' (entry " + seq + " of run '" + workflowId + "') recorded a value that does not"
                + " read as " + typeName + (field == null ? "" : " at '" + field + "'") + ": " + detail
                + ". The type changed under a running workflow: deploy code whose type matches the journal (keep the"
                + " old property, e.g. with @JsonAlias), guard the change with ctx.patched(...) and a new step name,"
                + " or fork the run from this step.");
        this.stepName = stepName;
        this.field = field;
    }

    /** The step whose recorded value does not match. */
    public String stepName() {
        return stepName;
    }

    /** Where in the value the mismatch is, or {@code null} when the value as a whole does not read. */
    public String field() {
        return field;
    }
}
