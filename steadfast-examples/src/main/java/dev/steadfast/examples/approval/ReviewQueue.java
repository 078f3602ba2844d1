package dev.steadfast.examples.approval;

/**
 * Where an analysis goes for a human to decide on: a Slack message, an e-mail, a row in a review
 * screen. Called from a durable step, so at least once per run (and, once recorded, never again):
 * key what you send by {@code workflowId} to make a repeat harmless.
 */
@FunctionalInterface
public interface ReviewQueue {
    /** Asks a reviewer to decide on {@code analysis}; the answer comes back as an {@link Approval} signal. */
    void submit(String workflowId, Request request, Analysis analysis);
}
