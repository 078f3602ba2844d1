package dev.steadfast.mcp;

import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;

/** A small workflow to serve over MCP: greets {@code name}, {@code times} times, in one recorded step. */
public final class GreetingWorkflow implements Workflow<GreetingWorkflow.Greeting, String> {
    /** The workflow's input. */
    public record Greeting(String name, int times) {}

    @Override
    public String run(WorkflowContext ctx, Greeting input) {
        return ctx.step("greet", String.class, () -> ("hello " + input.name() + " ").repeat(input.times()).strip());
    }
}
