package dev.steadfast.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Messages;

/**
 * The answer to a deferred tool call: for a call that requires approval, approve it (optionally with
 * other arguments) or deny it (the model is told why); for a call of an external tool, its result
 * (or its failure). It comes from an {@link dev.steadfast.agent.ApprovalHandler} in a plain run, or
 * from {@code WorkflowEngine.decide} (or its shorthands {@code approve(..)}, {@code deny(..)}, {@code complete(..)}) in a
 * durable one.
 *
 * <pre>{@code
 * engine.approve(runId, "call_1");                                        // as the model asked
 * engine.decide(runId, "call_2", ApprovalDecision.approveWith(Map.of("to", "team@example.com")));
 * engine.deny(runId, "call_3", "not to customers");                        // the model reads the reason
 * engine.complete(runId, "call_4", Map.of("rate", 1.08));                  // an external tool's result
 * }</pre>
 *
 * @param approved whether the call may run (for an external call: whether {@code result} answers it)
 * @param reason why it was denied, or an external call's failure, told to the model; {@code null} when approved
 * @param args arguments to run the call with instead of the model's, or {@code null}
 * @param result an external call's result, sent to the model as the tool's return, or {@code null}
 * @param failed whether an external call failed: the model sees {@code reason} as a failed result
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record ApprovalDecision(boolean approved, String reason, JsonNode args, JsonNode result, boolean failed) {
    /** Run the call as the model made it. */
    public static ApprovalDecision approve() {
        return new ApprovalDecision(true, null, null, null, false);
    }

    /** Run the call with {@code args} (any Jackson-serializable object) instead of the model's; they are validated like the model's. */
    public static ApprovalDecision approveWith(Object args) {
        return new ApprovalDecision(true, null, Messages.toTree(args), null, false);
    }

    /** Do not run the call; the model is told {@code "The tool call was denied: " + reason}. */
    public static ApprovalDecision deny(String reason) {
        return new ApprovalDecision(
                false, reason == null || reason.isBlank() ? "The call was denied." : reason, null, null, false);
    }

    /** An external call's result (any Jackson-serializable value; a string is sent as text). */
    public static ApprovalDecision result(Object value) {
        return new ApprovalDecision(true, null, null, Messages.toTree(value), false);
    }

    /** An external call that failed: the model sees {@code message} as a failed result, as for {@code ToolFailed}. */
    public static ApprovalDecision failed(String message) {
        return new ApprovalDecision(false, message, null, null, true);
    }
}
