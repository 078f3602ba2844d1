package dev.steadfast.stream;

import static java.util.Objects.requireNonNull;

import dev.steadfast.message.ResponsePart;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.usage.Usage;

/**
 * What a streamed agent run reports while it runs, in the order it happens. Each model response
 * streams as {@link PartStarted} and deltas (indexed by the part's position in the response; parallel
 * tool calls may interleave); once the response is whole come its {@link ToolCallReady} calls and its
 * {@link ModelUsage}; the answers the run sends back come as {@link ToolResult} and {@link RetryPrompt}
 * before the next request; a successful run ends with {@link FinalResult}.
 *
 * <p>{@link AttemptDiscarded} says that the response streaming since the last {@link PartStarted} with
 * index 0 is void: the attempt failed (or its process died) and the request is made again, whose
 * events follow. A view that shows the answer growing clears it there, so two answers never mix.
 *
 * <pre>{@code
 * try (AgentStream<Summary> stream = agent.runStream("Summarise durable execution")) {
 *     for (AgentEvent event : stream) {
 *         switch (event) {
 *             case AgentEvent.TextDelta d -> System.out.print(d.text());
 *             case AgentEvent.ToolCallReady c -> System.out.println("\ncalling " + c.call().toolName());
 *             case AgentEvent.AttemptDiscarded x -> System.out.println("\n[retrying]");
 *             default -> {}
 *         }
 *     }
 * }
 * }</pre>
 */
public sealed interface AgentEvent {
    /** A response part begins: an empty text or thinking part, or a tool call with its name and id and no arguments yet. */
    record PartStarted(int index, ResponsePart part) implements AgentEvent {
        public PartStarted {
            requireNonNull(part, "part");
        }
    }

    /** More text of the text part at {@code index}. */
    record TextDelta(int index, String text) implements AgentEvent {
        public TextDelta {
            requireNonNull(text, "text");
        }
    }

    /** More reasoning of the thinking part at {@code index}. */
    record ThinkingDelta(int index, String text) implements AgentEvent {
        public ThinkingDelta {
            requireNonNull(text, "text");
        }
    }

    /** More of the arguments (raw JSON text, not valid JSON until the part ends) of the tool call at {@code index}. */
    record ToolCallDelta(int index, String argumentsJson) implements AgentEvent {
        public ToolCallDelta {
            requireNonNull(argumentsJson, "argumentsJson");
        }
    }

    /** A tool call of a whole response, with all its arguments: the run will handle it. */
    record ToolCallReady(ToolCallPart call) implements AgentEvent {
        public ToolCallReady {
            requireNonNull(call, "call");
        }
    }

    /** What a tool returned (or the message for a denied or failed call), as the model will see it. */
    record ToolResult(ToolReturnPart result) implements AgentEvent {
        public ToolResult {
            requireNonNull(result, "result");
        }
    }

    /** The run asks the model to fix a tool call or its output. */
    record RetryPrompt(RetryPromptPart prompt) implements AgentEvent {
        public RetryPrompt {
            requireNonNull(prompt, "prompt");
        }
    }

    /** What one model response used. */
    record ModelUsage(Usage usage) implements AgentEvent {
        public ModelUsage {
            requireNonNull(usage, "usage");
        }
    }

    /**
     * The streaming response's attempt was abandoned (it failed and is retried, or its process died and
     * the run resumed elsewhere): forget its parts; the new attempt's events follow.
     *
     * @param step in a durable run the step's position in the run's history; 0 in a plain run
     */
    record AttemptDiscarded(int step) implements AgentEvent {}

    /**
     * The run's validated output: the last event of a run that succeeded. In a plain run {@code output}
     * is the typed output; followed with {@code WorkflowEngine.events} it is the run's result as JSON
     * (a {@code JsonNode}).
     */
    record FinalResult(Object output) implements AgentEvent {}
}
