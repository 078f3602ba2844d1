package dev.steadfast.workflow;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentDeps;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.RunOptions;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * An agent run as a workflow of its own: the input is the prompt, the output the
 * {@link AgentResult}, and every model request and tool call is a durable step. Engines register one
 * per agent they are given, under the agent's name; {@code engine.start(agent, id, prompt)} starts it.
 *
 * <pre>{@code
 * WorkflowEngine engine = EmbeddedEngine.builder().database(path).register(researcher).build();
 * AgentResult<Summary> r = engine.start(researcher, "research-1", "durable agents").result(Duration.ofMinutes(5));
 * }</pre>
 *
 * @param <O> the agent's output type
 */
public final class AgentWorkflow<O> implements Workflow<String, AgentResult<O>> {
    private final Agent<?, O> agent;
    private final BiFunction<WorkflowContext, String, AgentResult<O>> body;

    /** The agent run with no deps. */
    public AgentWorkflow(Agent<?, O> agent) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.body = (ctx, prompt) -> agent.run(prompt, RunOptions.of(null));
    }

    /**
     * The agent run with the deps {@code deps} gives each run, by its id. On Temporal its calls then run on the
     * worker that runs the workflow, where the deps are; {@code TemporalEngine.builder().register(agent, deps)}
     * instead lets any worker that registered the agent run them, with deps of its own.
     */
    public <D> AgentWorkflow(Agent<D, O> agent, AgentDeps<D> deps) {
        this.agent = Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(deps, "deps");
        this.body = (ctx, prompt) -> agent.run(prompt, RunOptions.of(deps.forRun(ctx.workflowId())));
    }

    public Agent<?, O> agent() {
        return agent;
    }

    @Override
    public AgentResult<O> run(WorkflowContext ctx, String prompt) {
        return body.apply(ctx, prompt);
    }

    /** The agent's name: runs of an agent are listed under it. */
    @Override
    public String name() {
        return agent.name();
    }

    @Override
    public Type inputType() {
        return String.class;
    }

    /** {@code AgentResult<O>} with the agent's output type, so stored results decode to it. */
    @Override
    public Type outputType() {
        Type[] args = {agent.outputType()};
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return args.clone();
            }

            @Override
            public Type getRawType() {
                return AgentResult.class;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }

            @Override
            public String getTypeName() {
                return AgentResult.class.getName() + "<" + args[0].getTypeName() + ">";
            }
        };
    }
}
