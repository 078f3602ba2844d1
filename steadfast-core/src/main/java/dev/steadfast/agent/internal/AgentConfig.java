package dev.steadfast.agent.internal;

import dev.steadfast.agent.EndStrategy;
import dev.steadfast.agent.OutputValidator;
import dev.steadfast.agent.Toolset;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.step.StepOptions;
import dev.steadfast.usage.Pricing;
import dev.steadfast.usage.UsageLimits;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * An agent's fixed configuration, as built by {@code Agent.Builder}.
 *
 * @param name the agent's stable name (step names are {@code <name>.model}, {@code <name>.tool.<tool>})
 * @param model the model
 * @param instructions the system prompt (PROMPTED output's schema included), sent with every request and never
 *     stored in the conversation; or {@code null}
 * @param tools the function tools by name, in registration order
 * @param output how the output is asked for and read back
 * @param outputValidator checks a parsed output, or {@code null}
 * @param settings default model settings
 * @param usageLimits default limits per run
 * @param toolRetries how often the model may fix its calls of one tool (unless the tool says otherwise)
 * @param outputRetries how often the model may fix its output in one run
 * @param pricing prices for cost
 * @param modelStepOptions retry policy and timeout of a model request as a durable step
 * @param clock time for plain runs
 * @param parameters the tools and output tools every model request offers
 * @param endStrategy what happens to the other calls of a response holding an output call
 * @param toolsets toolsets whose tools are listed at the start of each run, in registration order
 */
public record AgentConfig<D, O>(String name, Model model, String instructions, Map<String, ToolSpec> tools,
                                OutputSpec<O> output, OutputValidator<D, O> outputValidator, ModelSettings settings,
                                UsageLimits usageLimits, int toolRetries, int outputRetries, Pricing pricing, StepOptions modelStepOptions,
                                Clock clock, ModelRequestParameters parameters,
                                EndStrategy endStrategy, List<Toolset> toolsets) {}
