package dev.steadfast.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool call waiting for an answer from outside the run: a human's decision on a call that requires
 * approval, or the result of a call to an external tool. All such calls of one model response wait
 * together ({@link dev.steadfast.workflow.WorkflowEngine#decide}, {@code approve}, {@code deny},
 * {@code complete}, in any order).
 *
 * @param toolCallId the call's id
 * @param agent the agent that made it
 * @param toolName the tool to be called
 * @param args the arguments it would be called with
 * @param external whether the call is to an external tool, answered with its result rather than approved
 * @param decided the answer already recorded for it, which the engine that runs the workflow has not applied
 *     yet ({@code null}: none): show it as decided, and offer no second decision
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record PendingApproval(String toolCallId, String agent, String toolName, JsonNode args, boolean external,
                              Decision decided) {
    /** A call that requires approval. */
    public PendingApproval(String toolCallId, String agent, String toolName, JsonNode args) {
        this(toolCallId, agent, toolName, args, false, null);
    }

    /** A call with no answer yet. */
    public PendingApproval(String toolCallId, String agent, String toolName, JsonNode args, boolean external) {
        this(toolCallId, agent, toolName, args, external, null);
    }

    /** This call, with {@code answer} recorded for it. */
    public PendingApproval withDecided(Decision answer) {
        return new PendingApproval(toolCallId, agent, toolName, args, external, answer);
    }
}
