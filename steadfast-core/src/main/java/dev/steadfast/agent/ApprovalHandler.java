package dev.steadfast.agent;

import dev.steadfast.message.ToolCallPart;
import dev.steadfast.run.ApprovalDecision;

/**
 * Decides on tool calls that require approval in a plain (non-durable) run. Without one, such calls
 * are denied and the model is told so. In a durable run the run waits for
 * {@code engine.approve(...)} or {@code engine.deny(...)} instead.
 *
 * <pre>{@code
 * RunOptions.<Void>builder().approvalHandler((call, ctx) ->
 *         call.toolName().equals("email") ? ApprovalDecision.approve() : ApprovalDecision.deny("not now")).build();
 * }</pre>
 */
@FunctionalInterface
public interface ApprovalHandler<D> {
    ApprovalDecision decide(ToolCallPart call, RunContext<D> ctx);
}
