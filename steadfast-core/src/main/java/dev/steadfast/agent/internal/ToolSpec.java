package dev.steadfast.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.RunContext;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.step.StepOptions;
import java.time.Duration;

/**
 * A tool as the agent runs it: what the model sees, how calls are approved and retried, and how
 * JSON arguments become a Java call.
 *
 * @param definition name, description and argument schema
 * @param owner where the tool comes from, for error messages ({@code ResearchTools.search})
 * @param requiresApproval whether each call waits for a decision
 * @param stepOptions how a call that throws is retried as a durable step (no timeout: see {@code timeout})
 * @param modelRetries how often the model may fix its call; {@code -1}: the agent's default
 * @param timeout how long one call may take before the model is asked to retry it, or {@code null}
 * @param binder turns arguments into a call, or explains what is wrong with them
 * @param external whether calls are answered from outside the run (the call is never invoked here)
 * @param delegate whether a call runs another agent: in a durable run it is a child run of its own
 * @param handoffTo the agent a successful call hands the conversation to, or {@code null}
 */
public record ToolSpec(
        ToolDefinition definition,
        String owner,
        boolean requiresApproval,
        StepOptions stepOptions,
        int modelRetries,
        Duration timeout,
        Binder binder,
        boolean external,
        boolean delegate,
        Agent<?, ?> handoffTo) {
    /** A tool that runs in the calling run. */
    public ToolSpec(
            ToolDefinition definition,
            String owner,
            boolean requiresApproval,
            StepOptions stepOptions,
            int modelRetries,
            Duration timeout,
            Binder binder,
            boolean external) {
        this(definition, owner, requiresApproval, stepOptions, modelRetries, timeout, binder, external, false, null);
    }

    /** Whether a call waits for an answer from outside the run before it is answered. */
    public boolean deferred() {
        return requiresApproval || external;
    }

    public String name() {
        return definition.name();
    }

    /** Parses and validates arguments. */
    public interface Binder {
        /** A call ready to run; throws {@link InvalidArguments} when the arguments do not fit. */
        BoundCall bind(JsonNode args);
    }

    /** A tool call with parsed, validated arguments. */
    public interface BoundCall {
        Object invoke(RunContext<?> ctx) throws Exception;
    }

    /** Arguments that did not parse or validate; the message is for the model. */
    public static final class InvalidArguments extends RuntimeException {
        public InvalidArguments(String message) {
            super(message, null, false, false);
        }
    }
}
