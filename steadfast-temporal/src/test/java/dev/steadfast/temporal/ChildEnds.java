package dev.steadfast.temporal;

import dev.steadfast.agent.Agent;
import dev.steadfast.error.ChildRunFailedException;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.ModelHttpException;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.usage.Usage;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import java.util.Map;

/**
 * A workflow that runs an agent as a child run which does not complete: on {@code stumble} the agent's first
 * request (which uses tokens) calls a tool and its second is refused; on {@code publish} it waits for the approval
 * of a tool call, so the parent can be cancelled while it runs; on {@code slowly} it takes {@link #TURNS}
 * turns (long enough to be continued as new) before it is refused. The histories under {@code histories/} were
 * recorded with these, by the engine as it was before a failed child's usage reached its parent.
 */
final class ChildEnds {
    static final Usage PER_REQUEST = new Usage(1, 1000, 100, 0, 0, 0, 0);

    /** The requests a {@code slowly} run makes before it is refused. */
    static final int TURNS = 20;

    record What(String what) {}

    private ChildEnds() {}

    /** {@code modelFails}: for a replay, where no request may be sent. */
    static Agent<Void, String> stumbler(boolean modelFails) {
        return Agent.builder()
                .name("stumbler")
                .model(new FunctionModel("gpt-4.1", (messages, params) -> {
                    if (modelFails) {
                        throw new AssertionError("a replayed model request must not be sent");
                    }
                    String prompt = messages.getFirst().toString();
                    if (prompt.contains("publish")) {
                        return ModelResponse.of(ToolCallPart.of("publish", Map.of("what", "notes")))
                                .withUsage(PER_REQUEST);
                    }
                    if (prompt.contains("slowly") && messages.size() < 2 * TURNS) { // many turns, then a refusal
                        return ModelResponse.of(ToolCallPart.of("look", Map.of("what", "more")))
                                .withUsage(PER_REQUEST);
                    }
                    if (messages.size() == 1) {
                        return ModelResponse.of(ToolCallPart.of("look", Map.of("what", "more")))
                                .withUsage(PER_REQUEST);
                    }
                    throw new ModelHttpException(400, "the model refused to go on", "{}");
                }))
                .tool("look", "Look something up", What.class, (ctx, w) -> "found " + w.what())
                .toolRequiringApproval("publish", "Publish", What.class, (ctx, w) -> "published")
                .build();
    }

    /** Runs the stumbler on its input as a child run; says how it failed. */
    static final class Stumble implements Workflow<String, String> {
        private final Agent<Void, String> stumbler;

        Stumble(Agent<Void, String> stumbler) {
            this.stumbler = stumbler;
        }

        @Override
        public String name() {
            return "Stumble";
        }

        @Override
        public String run(WorkflowContext ctx, String input) {
            try {
                return ctx.run(stumbler, input).output();
            } catch (ChildRunFailedException e) {
                return "failed in " + e.childRunId() + ": " + e.errorType();
            }
        }
    }
}
