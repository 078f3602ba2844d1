package dev.steadfast.run;

/**
 * A decision on a tool call that requires approval: from an {@link dev.steadfast.agent.ApprovalHandler} in a plain run,
 * or from {@code WorkflowEngine.approve/deny} in a durable one.
 *
 * @param approved whether the call may run
 * @param reason why it was denied, told to the model (may be {@code null} when approved)
 */
public record ApprovalDecision(boolean approved, String reason) {
    public static ApprovalDecision approve() {
        return new ApprovalDecision(true, null);
    }

    public static ApprovalDecision deny(String reason) {
        return new ApprovalDecision(false, reason == null || reason.isBlank() ? "The call was denied." : reason);
    }
}
