package dev.steadfast.run;

/** What a journal entry records. */
public enum StepKind {
    /** {@link dev.steadfast.workflow.WorkflowContext#step}: user code. */
    STEP,
    /** An agent's model request ({@code <agent>.model}). */
    MODEL,
    /** An agent's tool call ({@code <agent>.tool.<tool>}). */
    TOOL,
    /** {@link dev.steadfast.workflow.WorkflowContext#sleep}. */
    SLEEP,
    /** {@link dev.steadfast.workflow.WorkflowContext#awaitSignal}: a consumed signal (or a timeout). */
    SIGNAL,
    /** A human's decision on a tool call that requires approval. */
    APPROVAL,
    /** {@link dev.steadfast.workflow.WorkflowContext#now}, {@link dev.steadfast.workflow.WorkflowContext#randomUUID}: a recorded value. */
    SIDE_EFFECT,
    /** {@link dev.steadfast.workflow.WorkflowContext#patched}: a recorded version marker. */
    PATCH,
    /** A saga compensation ({@link dev.steadfast.workflow.WorkflowContext#compensate}). */
    COMPENSATION,
    /**
     * A child run: an agent delegated to (a delegate tool, {@link dev.steadfast.workflow.WorkflowContext#run(
     * dev.steadfast.agent.Agent, String)}), with a journal of its own. The entry records how the child ended.
     */
    CHILD
}
