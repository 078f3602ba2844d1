package dev.steadfast.agent;

import static java.util.Objects.requireNonNull;

import dev.steadfast.agent.internal.AgentAccess;
import dev.steadfast.agent.internal.AgentConfig;
import dev.steadfast.agent.internal.AgentLoop;
import dev.steadfast.agent.internal.Delegation;
import dev.steadfast.agent.internal.FunctionTools;
import dev.steadfast.agent.internal.MethodTools;
import dev.steadfast.agent.internal.OutputSpec;
import dev.steadfast.agent.internal.StreamedRun;
import dev.steadfast.agent.internal.ToolSpec;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.OutputMode;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.step.StepOptions;
import dev.steadfast.usage.Pricing;
import dev.steadfast.usage.UsageLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A typed agent: a model, instructions, tools and an output type. Run it plainly and it is a fast,
 * in-memory agent; call {@link #run} on a workflow thread and every model request and tool call
 * becomes a durable step.
 *
 * <pre>{@code
 * record Summary(@NotBlank String title, @Size(min = 1) List<String> points) {}
 *
 * Agent<Void, Summary> agent = Agent.builder()
 *         .name("researcher")
 *         .model(Models.of("openai:gpt-4.1"))
 *         .instructions("You are a careful research assistant.")
 *         .tools(new ResearchTools())
 *         .output(Summary.class)
 *         .build();
 * Summary s = agent.run("Summarize durable execution").output();
 * }</pre>
 *
 * <p>How a run behaves (retry budgets, where a tool's exceptions go, end strategies, approvals and
 * external tools, output functions, history and usage rules) is written down in one place: the
 * <a href="package-summary.html#rules">package documentation</a>.
 *
 * @param <D> the type of the dependencies handed to tools ({@link RunContext#deps()})
 * @param <O> the output type
 */
public final class Agent<D, O> {
    static {
        // engines reach the configuration through agent.internal, so it is no part of this public face
        AgentAccess.register(agent -> agent.config);
    }

    private final AgentConfig<D, O> config;
    private final Class<D> depsType;

    private Agent(AgentConfig<D, O> config, Class<D> depsType) {
        this.config = config;
        this.depsType = depsType;
    }

    /** A builder for an agent with no deps and text output; {@code deps(..)} and {@code output(..)} retype it. */
    public static Builder<Void, String> builder() {
        return new Builder<>(Void.class, String.class);
    }

    /** The agent's stable name; durable steps are named {@code <name>.model} and {@code <name>.tool.<tool>}. */
    public String name() {
        return config.name();
    }

    public Model model() {
        return config.model();
    }

    public Class<O> outputType() {
        return config.output().type();
    }

    public Class<D> depsType() {
        return depsType;
    }

    /** Runs the agent on {@code prompt} with no deps. */
    public AgentResult<O> run(String prompt) {
        return run(prompt, RunOptions.<D>builder().build());
    }

    /** Runs the agent on {@code prompt}, handing {@code deps} to its tools. */
    public AgentResult<O> run(String prompt, D deps) {
        return run(prompt, RunOptions.of(deps));
    }

    /**
     * Runs the agent with full options (history, limits, settings, approvals). A history that ends in
     * tool calls nobody answered is refused (a provider would refuse it too): answer them first with
     * {@link #run(RunOptions)}.
     *
     * @throws IllegalArgumentException when the history ends in unanswered tool calls
     */
    public AgentResult<O> run(String prompt, RunOptions<D> options) {
        requireNonNull(prompt, "prompt");
        requireNonNull(options, "options");
        return new AgentLoop<>(config, options).run(prompt);
    }

    /**
     * Continues {@code options}' message history without a new prompt: when it ends in a response with
     * tool calls (a run that stopped there, a history from elsewhere), the calls are handled as in any
     * run (approvals included) and the model is asked again; when it ends in a request, that request is
     * sent; when it ends in a text answer, that answer is taken as the output.
     *
     * <pre>{@code
     * AgentResult<String> r = agent.run(RunOptions.<Void>builder().messageHistory(savedMessages).build());
     * }</pre>
     *
     * @throws IllegalArgumentException when the history is empty
     */
    public AgentResult<O> run(RunOptions<D> options) {
        requireNonNull(options, "options");
        return new AgentLoop<>(config, options).run(null);
    }

    /**
     * Runs the agent on {@code prompt} as {@link #run(String, RunOptions)} does, reporting what happens as
     * it happens: the model's answer streams, delta by delta. Closing the stream cancels the run.
     *
     * <pre>{@code
     * try (AgentStream<String> stream = agent.runStream("Explain fsync", RunOptions.of(deps))) {
     *     stream.textDeltas().forEach(System.out::print);
     * }
     * }</pre>
     */
    public AgentStream<O> runStream(String prompt, RunOptions<D> options) {
        requireNonNull(prompt, "prompt");
        requireNonNull(options, "options");
        return StreamedRun.start(config, options, prompt);
    }

    /** {@link #runStream(String, RunOptions)} with no deps. */
    public AgentStream<O> runStream(String prompt) {
        return runStream(prompt, RunOptions.<D>builder().build());
    }

    /** {@link #runStream(String, RunOptions)} handing {@code deps} to the tools. */
    public AgentStream<O> runStream(String prompt, D deps) {
        return runStream(prompt, RunOptions.of(deps));
    }

    /** Continues {@code options}' message history as {@link #run(RunOptions)} does, streamed. */
    public AgentStream<O> runStream(RunOptions<D> options) {
        requireNonNull(options, "options");
        return StreamedRun.start(config, options, null);
    }

    @Override
    public String toString() {
        return "Agent[" + config.name() + ", model=" + config.model().name() + ", tools="
                + config.tools().keySet() + "]";
    }

    /**
     * Builds an {@link Agent}. {@code model} is required; everything else has a default.
     *
     * @param <D> the deps type
     * @param <O> the output type
     */
    public static final class Builder<D, O> {
        private final Class<D> depsType;
        private final Class<O> outputType;
        private String name = "agent";
        private Model model;
        private final List<String> instructions = new ArrayList<>();
        private final List<Object> toolObjects = new ArrayList<>();
        private final List<ToolSpec> functionTools = new ArrayList<>();
        private final List<Toolset> toolsets = new ArrayList<>();
        private final List<Object> outputFunctions = new ArrayList<>();
        private OutputMode outputMode = OutputMode.TOOL;
        private EndStrategy endStrategy = EndStrategy.GRACEFUL;
        private OutputValidator<D, O> outputValidator;
        private ModelSettings settings = ModelSettings.DEFAULTS;
        private UsageLimits usageLimits = UsageLimits.DEFAULT;
        private int toolRetries = 1;
        private int outputRetries = 1;
        private Pricing pricing = Pricing.defaults();
        private RetryPolicy modelRetryPolicy = RetryPolicy.builder()
                .maxAttempts(5)
                .initialInterval(Duration.ofSeconds(1))
                .backoffCoefficient(2.0)
                .maxInterval(Duration.ofSeconds(60))
                .jitter(0.25)
                .build();
        private Duration modelTimeout;
        private Clock clock = Clock.systemUTC();

        private Builder(Class<D> depsType, Class<O> outputType) {
            this.depsType = depsType;
            this.outputType = outputType;
        }

        private <D2, O2> Builder<D2, O2> copy(Class<D2> deps, Class<O2> output, OutputValidator<D2, O2> validator) {
            var b = new Builder<>(deps, output);
            b.name = name;
            b.model = model;
            b.instructions.addAll(instructions);
            b.toolObjects.addAll(toolObjects);
            b.functionTools.addAll(functionTools);
            b.toolsets.addAll(toolsets);
            if (output == outputType) {
                b.outputFunctions.addAll(outputFunctions); // deps(..) keeps them; output(..) replaces them
            }
            b.outputMode = outputMode;
            b.endStrategy = endStrategy;
            b.outputValidator = validator;
            b.settings = settings;
            b.usageLimits = usageLimits;
            b.toolRetries = toolRetries;
            b.outputRetries = outputRetries;
            b.pricing = pricing;
            b.modelRetryPolicy = modelRetryPolicy;
            b.modelTimeout = modelTimeout;
            b.clock = clock;
            return b;
        }

        /** The agent's stable name (letters, digits, '_', '-'); required for durable runs. Default {@code agent}. */
        public Builder<D, O> name(String v) {
            if (v == null || !v.matches("[A-Za-z0-9_-]{1,48}")) {
                throw new IllegalArgumentException(
                        "agent name must be 1-48 letters, digits, '_' or '-' but was '" + v + "'");
            }
            name = v;
            return this;
        }

        /** The model. Required. */
        public Builder<D, O> model(Model v) {
            model = requireNonNull(v, "model");
            return this;
        }

        /** Instructions (the system prompt); several calls are joined by blank lines. Default none. */
        public Builder<D, O> instructions(String v) {
            instructions.add(requireNonNull(v, "instructions"));
            return this;
        }

        /** Objects whose {@link Tool} methods the model may call. */
        public Builder<D, O> tools(Object... objects) {
            for (Object o : objects) {
                toolObjects.add(requireNonNull(o, "tool object"));
            }
            return this;
        }

        /**
         * Toolsets (MCP servers, say) whose tools the model may call beside the {@link Tool} methods. Each is
         * listed once at the start of every run, as a recorded step in a durable run; see {@link Toolset}.
         */
        public Builder<D, O> toolsets(Toolset... sets) {
            for (Toolset t : sets) {
                requireNonNull(t, "toolset");
                if (t.name() == null || !t.name().matches("[A-Za-z0-9_-]{1,48}")) {
                    throw new IllegalArgumentException(
                            "toolset name must be 1-48 letters, digits, '_' or '-' but was '" + t.name() + "'");
                }
                if (toolsets.stream().anyMatch(o -> o.name().equals(t.name()))) {
                    throw new IllegalArgumentException(
                            "Toolset name '" + t.name() + "' is used twice: give each toolset its own name");
                }
                toolsets.add(t);
            }
            return this;
        }

        /** A programmatic tool taking an {@code argsType} record. */
        public <A> Builder<D, O> tool(
                String toolName, String description, Class<A> argsType, ToolFunction<D, A, ?> fn) {
            functionTools.add(FunctionTools.of(toolName, description, argsType, fn, StepOptions.DEFAULT, false));
            return this;
        }

        /**
         * A programmatic tool that requires approval: each call waits for a decision, as
         * {@code @Tool(requiresApproval = true)} does.
         */
        public <A> Builder<D, O> toolRequiringApproval(
                String toolName, String description, Class<A> argsType, ToolFunction<D, A, ?> fn) {
            functionTools.add(FunctionTools.of(toolName, description, argsType, fn, StepOptions.DEFAULT, true));
            return this;
        }

        /**
         * An external tool: the model may call it, but the call is answered from outside the run. Its
         * arguments are validated against {@code argsType}; then the run waits (durably, surviving
         * restarts) for {@code engine.complete(runId, toolCallId, result)} (or {@code decide} with
         * {@link dev.steadfast.run.ApprovalDecision#failed}, or {@code deny}); in a plain run the
         * {@link ApprovalHandler} answers it. The calls of one response wait together with those that
         * require approval, while the rest of the response's calls have already run.
         *
         * <pre>{@code
         * record Quote(String from, String to) {}
         * Agent.builder().model(model).externalTool("fx_rate", "Today's exchange rate", Quote.class).build();
         * // elsewhere, once the rate is known:
         * engine.complete(runId, pending.toolCallId(), Map.of("rate", 1.08));
         * }</pre>
         */
        public <A> Builder<D, O> externalTool(String toolName, String description, Class<A> argsType) {
            functionTools.add(FunctionTools.external(toolName, description, argsType));
            return this;
        }

        /**
         * Offers {@code agent} to this agent's model as the tool {@code toolName}: the model writes a prompt,
         * the delegate runs on it with this run's deps, and its output (of the delegate's output type) is the
         * tool's result. In a durable run each call is a child run with its own id
         * ({@code <run id>.c<seq>}) and journal; plainly it runs in the call. What the delegate uses counts in
         * this run's usage and cost and against this run's limits, so a limit set here stops a runaway
         * delegate. A delegate that fails is reported to the model as a failed tool call.
         *
         * <pre>{@code
         * Agent<Void, String> planner = Agent.builder().name("planner").model(model)
         *         .delegate(researcher, "research", "Research one question and return notes")
         *         .build();
         * }</pre>
         */
        public Builder<D, O> delegate(Agent<? super D, ?> agent, String toolName, String description) {
            return delegate(agent, toolName, description, (D deps) -> deps);
        }

        /**
         * {@link #delegate(Agent, String, String)} for a delegate with deps of its own: {@code deps} makes them
         * from this run's deps (return {@code null} for none), so sharing is the caller's choice.
         */
        public <D2> Builder<D, O> delegate(
                Agent<D2, ?> agent,
                String toolName,
                String description,
                java.util.function.Function<? super D, ? extends D2> deps) {
            requireNonNull(agent, "agent");
            requireNonNull(deps, "deps");
            functionTools.add(Delegation.tool(agent, toolName, requireNonNull(description, "description"), deps));
            return this;
        }

        /**
         * Lets the model hand the conversation to {@code target} by calling the tool {@code toolName}: this
         * agent's turn ends there, and {@code target} continues the same conversation with its own
         * instructions and tools, the same deps and this run's limits; its output is the run's. The call is
         * a tool step like any other ({@code <agent>.tool.<toolName>}), so a durable run's history shows the
         * handoff, followed by {@code <target>.model} steps.
         *
         * <pre>{@code
         * Agent<Void, String> triage = Agent.builder().name("triage").model(model)
         *         .handoff(billing, "transfer_to_billing", "Questions about invoices and payments")
         *         .build();
         * }</pre>
         */
        public Builder<D, O> handoff(Agent<D, O> target, String toolName, String description) {
            requireNonNull(target, "target");
            functionTools.add(Delegation.handoff(target, toolName, requireNonNull(description, "description")));
            return this;
        }

        /** The deps type handed to tools through {@link RunContext#deps()}. */
        public <D2> Builder<D2, O> deps(Class<D2> type) {
            return copy(requireNonNull(type, "deps type"), outputType, null);
        }

        /**
         * Output functions: the {@link Tool} methods of {@code targets}, each returning an {@code type},
         * are offered to the model as output tools. The model's call is validated against the method's
         * parameters (errors go back with their JSON paths), then the method runs, as a durable step
         * {@code <agent>.output.<tool>} in a durable run; what it returns is the run's output (then the
         * {@link OutputValidator}). It may throw {@link ModelRetry} (or {@code ToolFailed}) to make the
         * model try again. Each has its own retry budget: {@code @Tool(modelRetries)}, else
         * {@link #outputRetries}. Replaces any {@link #output} type.
         *
         * <pre>{@code
         * class Booking {
         *     @Tool("Book the flight the user chose; this ends the conversation")
         *     Ticket book(String flight, @Min(1) int seats) {
         *         if (!airline.has(flight)) throw new ModelRetry("No flight " + flight + "; pick one from the search.");
         *         return airline.book(flight, seats);
         *     }
         * }
         * Agent<Void, Ticket> agent = Agent.builder().model(model).tools(new Search())
         *         .outputFunctions(Ticket.class, new Booking()).build();
         * }</pre>
         */
        public <O2> Builder<D, O2> outputFunctions(Class<O2> type, Object... targets) {
            Builder<D, O2> b = copy(depsType, requireNonNull(type, "output type"), null);
            for (Object t : targets) {
                b.outputFunctions.add(requireNonNull(t, "output function object"));
            }
            return b;
        }

        /** The output type: {@code String} for text, a record, or a sealed interface of records. Default {@code String}. */
        public <O2> Builder<D, O2> output(Class<O2> type) {
            return copy(depsType, requireNonNull(type, "output type"), null);
        }

        /** How a structured output is asked for. Default {@link OutputMode#TOOL}. */
        public Builder<D, O> outputMode(OutputMode v) {
            outputMode = requireNonNull(v, "outputMode");
            return this;
        }

        /**
         * What happens to the other tool calls of a response that holds an output call. Default
         * {@link EndStrategy#GRACEFUL}: the function tools the model asked for in the same response run
         * (their side effects happen, as a durable run's journal shows), then the output wins, unless one
         * of them asks for a retry. PydanticAI 2's default, so its users see the same runs.
         */
        public Builder<D, O> endStrategy(EndStrategy v) {
            endStrategy = requireNonNull(v, "endStrategy");
            return this;
        }

        /** Checks each parsed output; may throw {@link ModelRetry}. Default none. */
        public Builder<D, O> outputValidator(OutputValidator<D, O> v) {
            outputValidator = v;
            return this;
        }

        /** Default model settings; a run's settings override them field by field. Default: provider defaults. */
        public Builder<D, O> modelSettings(ModelSettings v) {
            settings = requireNonNull(v, "modelSettings");
            return this;
        }

        /** Default usage limits per run. Default {@link UsageLimits#DEFAULT} (50 requests). */
        public Builder<D, O> usageLimits(UsageLimits v) {
            usageLimits = requireNonNull(v, "usageLimits");
            return this;
        }

        /**
         * How often the model may fix its calls of one tool and its output before the run fails: sets both
         * {@link #toolRetries} and {@link #outputRetries}. Default 1.
         */
        public Builder<D, O> retries(int v) {
            toolRetries = checkRetries("retries", v);
            outputRetries = v;
            return this;
        }

        /**
         * How often in a row the model may fix its calls of one tool (bad arguments, {@link ModelRetry}, a
         * timeout) before the run fails; a success of the tool starts its count again. Unknown tool names
         * are counted by name against this budget too. {@code @Tool(modelRetries = n)} overrides it per tool.
         * Default 1.
         */
        public Builder<D, O> toolRetries(int v) {
            toolRetries = checkRetries("toolRetries", v);
            return this;
        }

        /**
         * How often in one run the model may fix its output (text or output call that does not parse or
         * validate, an {@link OutputValidator}'s {@link ModelRetry}, an empty response). Default 1.
         */
        public Builder<D, O> outputRetries(int v) {
            outputRetries = checkRetries("outputRetries", v);
            return this;
        }

        private static int checkRetries(String what, int v) {
            if (v < 0) {
                throw new IllegalArgumentException(what + " must be >= 0 but was " + v);
            }
            return v;
        }

        /** Prices for cost. Default {@link Pricing#defaults()}. */
        public Builder<D, O> pricing(Pricing v) {
            pricing = requireNonNull(v, "pricing");
            return this;
        }

        /**
         * How a failed model request is retried as a durable step (and in plain runs). Default: 5 attempts,
         * 1 s, ×2, at most 60 s, less up to 25% jitter (as the official SDKs do); a rate limit's Retry-After is
         * honoured — in a plain run up to {@link RetryPolicy#maxServerWait()} (60 s), in a durable run
         * whatever its length, as a recorded wait that survives a restart; bad requests are never retried.
         */
        public Builder<D, O> modelRetryPolicy(RetryPolicy v) {
            modelRetryPolicy = requireNonNull(v, "modelRetryPolicy");
            return this;
        }

        /**
         * How long one model request may take before it is abandoned and retried under
         * {@link #modelRetryPolicy}. Default none: the model client's own HTTP timeouts apply.
         */
        public Builder<D, O> modelTimeout(Duration v) {
            if (v == null || v.isZero() || v.isNegative()) {
                throw new IllegalArgumentException("modelTimeout must be positive but was " + v);
            }
            modelTimeout = v;
            return this;
        }

        /** The clock of plain runs. Default the system clock. */
        public Builder<D, O> clock(Clock v) {
            clock = requireNonNull(v, "clock");
            return this;
        }

        public Agent<D, O> build() {
            if (model == null) {
                throw new IllegalStateException("Agent '" + name
                        + "' has no model: call .model(Models.of(\"openai:gpt-4.1\")) or pass a Model");
            }
            var tools = new LinkedHashMap<String, ToolSpec>();
            var specs = new ArrayList<ToolSpec>();
            toolObjects.forEach(o -> specs.addAll(MethodTools.of(o)));
            specs.addAll(functionTools);
            OutputSpec<O> output;
            if (outputFunctions.isEmpty()) {
                output = OutputSpec.of(outputType, outputMode);
            } else {
                var functions = new ArrayList<ToolSpec>();
                outputFunctions.forEach(o -> functions.addAll(MethodTools.outputFunctions(o, outputType)));
                output = OutputSpec.ofFunctions(outputType, functions);
            }
            for (ToolSpec spec : specs) {
                if (spec.handoffTo() != null
                        && (spec.handoffTo().outputType() != outputType
                                || spec.handoffTo().depsType() != depsType)) {
                    throw new IllegalArgumentException("Agent '" + name + "' hands off to agent '"
                            + spec.handoffTo().name()
                            + "', whose deps and output types ("
                            + spec.handoffTo().depsType().getSimpleName() + ", "
                            + spec.handoffTo().outputType().getSimpleName() + ") differ from its own ("
                            + depsType.getSimpleName()
                            + ", " + outputType.getSimpleName() + "): call handoff(..) after deps(..) and output(..)");
                }
                ToolSpec previous = tools.putIfAbsent(spec.name(), spec);
                if (previous != null) {
                    throw new IllegalArgumentException("Tool name '" + spec.name() + "' is used twice: "
                            + previous.owner() + " and " + spec.owner() + " — rename one with @Tool(name = \"...\")");
                }
                if (output.isOutputTool(spec.name())) {
                    throw new IllegalArgumentException("Tool name '" + spec.name() + "' on " + spec.owner()
                            + " is reserved for the output; rename it with @Tool(name = \"...\")");
                }
            }
            var modelOptions = StepOptions.builder()
                    .retry(modelRetryPolicy)
                    .timeout(modelTimeout)
                    .build();
            var parameters = output.parameters(
                    tools.values().stream().map(ToolSpec::definition).toList());
            var allInstructions = new ArrayList<>(instructions);
            if (output.promptedInstructions() != null) {
                allInstructions.add(output.promptedInstructions());
            }
            var config = new AgentConfig<>(
                    name,
                    model,
                    allInstructions.isEmpty() ? null : String.join("\n\n", allInstructions),
                    Collections.unmodifiableMap(tools),
                    output,
                    outputValidator,
                    settings,
                    usageLimits,
                    toolRetries,
                    outputRetries,
                    pricing,
                    modelOptions,
                    clock,
                    parameters,
                    endStrategy,
                    List.copyOf(toolsets));
            return new Agent<>(config, depsType);
        }
    }
}
