package dev.steadfast.error;

import static java.util.Objects.requireNonNull;

import dev.steadfast.SteadfastException;
import dev.steadfast.run.Decision;

/**
 * A decision was refused because a different one was recorded first: a tool call approved and then
 * denied, say. The first decision stands; its message names it (what, who, when).
 *
 * <pre>{@code
 * try {
 *     engine.deny("mail-1", "call_1", "not today");
 * } catch (DecisionConflictException e) {
 *     System.err.println(e.getMessage());   // ... already approved call_1 by ada at ...
 * }
 * }</pre>
 */
public class DecisionConflictException extends SteadfastException {
    private final transient Decision first;

    public DecisionConflictException(String workflowId, Decision first) {
        super("Run '" + workflowId + "' was already steered: " + requireNonNull(first, "first").summary()
                + ". A decision is recorded once; this different one was refused.");
        this.first = first;
    }

    /** The decision that was recorded first and stands. */
    public Decision first() {
        return first;
    }
}
