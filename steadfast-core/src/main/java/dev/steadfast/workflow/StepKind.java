package dev.steadfast.workflow;

/** What a journal entry records. */
public enum StepKind {
    /** {@link WorkflowContext#step}: user code. */
    STEP,
    /** An agent's model request ({@code <agent>.model}). */
    MODEL,
    /** An agent's tool call ({@code <agent>.tool.<tool>}). */
    TOOL,
    /** {@link WorkflowContext#sleep}. */
    SLEEP,
    /** {@link WorkflowContext#awaitSignal}: a consumed signal (or a timeout). */
    SIGNAL,
    /** A human's decision on a tool call that requires approval. */
    APPROVAL,
    /** {@link WorkflowContext#now}, {@link WorkflowContext#randomUUID}: a recorded value. */
    SIDE_EFFECT,
    /** {@link WorkflowContext#patched}: a recorded version marker. */
    PATCH,
    /** A saga compensation ({@link WorkflowContext#compensate}). */
    COMPENSATION
}
