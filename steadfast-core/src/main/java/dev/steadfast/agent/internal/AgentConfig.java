package dev.steadfast.agent.internal;

import dev.steadfast.agent.OutputValidator;
import dev.steadfast.agent.Pricing;
import dev.steadfast.agent.UsageLimits;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.workflow.StepOptions;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * An agent's fixed configuration, as built by {@code Agent.Builder}.
 *
 * @param name the agent's stable name (step names are {@code <name>.model}, {@code <name>.tool.<tool>})
 * @param model the model
 * @param instructions the system prompt, or {@code null}
 * @param tools the function tools by name, in registration order
 * @param output how the output is asked for and read back
 * @param outputValidator checks a parsed output, or {@code null}
 * @param settings default model settings
 * @param usageLimits default limits per run
 * @param retries how often the model may fix a tool call or its output by default
 * @param pricing prices for cost
 * @param modelStepOptions retry policy and timeout of a model request as a durable step
 * @param clock time for plain runs
 */
public record AgentConfig<D, O>(String name, Model model, String instructions, Map<String, ToolSpec> tools,
                                OutputSpec<O> output, OutputValidator<D, O> outputValidator, ModelSettings settings,
                                UsageLimits usageLimits, int retries, Pricing pricing, StepOptions modelStepOptions,
                                Clock clock) {
    public List<ToolSpec> toolList() {
        return List.copyOf(tools.values());
    }
}
