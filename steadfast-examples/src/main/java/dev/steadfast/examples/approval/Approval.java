package dev.steadfast.examples.approval;

/**
 * A reviewer's decision, sent to the run as the {@value ApprovalWorkflow#APPROVAL_SIGNAL} signal:
 * {@code engine.signal(id, "approval", Approval.approve("within policy"))}.
 *
 * @param approved whether the plan may be executed
 * @param reason why, for the record (and for the executor when approved)
 */
public record Approval(boolean approved, String reason) {
    public Approval {
        reason = reason == null ? "" : reason;
    }

    public static Approval approve(String reason) {
        return new Approval(true, reason);
    }

    public static Approval reject(String reason) {
        return new Approval(false, reason);
    }
}
