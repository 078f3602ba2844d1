package dev.steadfast.agent.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.RunOptions;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.observe.StepDetails;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.run.StepKind;
import dev.steadfast.step.TypeRef;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.workflow.spi.StepCall;
import dev.steadfast.workflow.spi.StepExecutor;
import dev.steadfast.workflow.spi.StepExecutors;
import dev.steadfast.workflow.spi.StepMetrics;
import java.util.List;
import java.util.function.Consumer;

/**
 * One agent run: request → tool calls → retry prompts → final output. The loop itself is
 * deterministic; every model request and tool call goes through a {@link StepExecutor} (the
 * workflow's, when the run is on a workflow thread), so a durable engine records each one. What a
 * response leads to is {@link ResponseHandler}'s business; how often the model may fix its calls,
 * {@link RetryBudgets}'.
 */
public final class AgentLoop<D, O> {
    private static final TypeRef<ModelResponse> RESPONSE = TypeRef.of(ModelResponse.class);

    private final AgentRunState<D, O> run;
    private final ResponseHandler<D, O> responses;
    private final LoopEvents events;
    private int sentToModel;

    public AgentLoop(AgentConfig<D, O> config, RunOptions<D> options) {
        this(config, options, LoopEvents.NONE);
    }

    /** A loop that reports its events to {@code events} (a streamed run), its model requests streaming. */
    public AgentLoop(AgentConfig<D, O> config, RunOptions<D> options, Consumer<AgentEvent> events) {
        this(config, options, new LoopEvents(requireNonNull(events, "events")));
    }

    private AgentLoop(AgentConfig<D, O> config, RunOptions<D> options, LoopEvents events) {
        StepExecutor executor =
                StepExecutors.current().orElseGet(() -> new PlainStepExecutor(config.clock(), this::decide));
        this.run = new AgentRunState<>(config, options, executor);
        this.responses = new ResponseHandler<>(run);
        this.events = events;
    }

    /**
     * Runs on {@code prompt}, or, when it is {@code null}, continues the history: a last response's tool
     * calls are answered (or its text taken as the output), a last request is sent as it is.
     */
    public AgentResult<O> run(String prompt) {
        if (!(run.executor instanceof PlainStepExecutor plain)) {
            return runLoop(prompt); // a durable run: its engine observes it
        }
        return PlainRuns.observed(plain, run.runId, run.config.name(), () -> runLoop(prompt));
    }

    private AgentResult<O> runLoop(String prompt) {
        List<Message> messages = run.messages;
        Message last = messages.isEmpty() ? null : messages.getLast();
        ModelRequest request = null;
        ModelResponse response = null;
        if (prompt != null) {
            if (last instanceof ModelResponse r && !r.toolCalls().isEmpty()) {
                throw new IllegalArgumentException("Cannot run agent '" + run.config.name()
                        + "' on a new prompt: the message "
                        + "history ends in tool calls that were never answered ("
                        + String.join(
                                ", ",
                                r.toolCalls().stream()
                                        .map(c -> c.toolName() + " " + c.toolCallId())
                                        .toList())
                        + "), which a "
                        + "provider refuses. Run it without a prompt (agent.run(options)) to answer them first.");
            }
            request = ModelRequest.user(prompt);
        } else if (last == null) {
            throw new IllegalArgumentException("Agent '" + run.config.name()
                    + "' was given neither a prompt nor a message " + "history to continue");
        } else if (last instanceof ModelRequest r) {
            messages.removeLast(); // sent again as the next request
            request = r;
        } else {
            response = (ModelResponse) last; // its calls are answered before the model is asked again
        }
        run.listToolsets();
        int firstNew = messages.size();
        while (true) {
            if (response == null) {
                messages.add(request);
                events.sent(request);
                response = requestModel();
                messages.add(response);
            }
            ResponseHandler.Turn<O> turn = responses.handle(response);
            run.budgets.nextResponse();
            if (turn.output() != null) {
                if (!turn.parts().isEmpty()) {
                    messages.add(new ModelRequest(turn.parts()));
                }
                return new AgentResult<>(
                        run.config.output().type().cast(turn.output().value()),
                        run.usage(),
                        run.cost(),
                        messages,
                        messages.subList(firstNew, messages.size()),
                        run.runId);
            }
            request = new ModelRequest(turn.parts());
            Agent<?, ?> next = handoffIn(response, turn.parts());
            if (next != null) {
                messages.add(request);
                return handOff(next, firstNew);
            }
            response = null;
        }
    }

    /** The agent a successful handoff call of {@code response} hands the conversation to, or {@code null}. */
    private Agent<?, ?> handoffIn(ModelResponse response, List<RequestPart> answers) {
        for (ToolCallPart call : response.toolCalls()) {
            ToolSpec tool = run.tools.get(call.toolName());
            if (tool == null || tool.handoffTo() == null) {
                continue;
            }
            boolean done = answers.stream()
                    .anyMatch(p -> p instanceof ToolReturnPart r
                            && r.toolCallId().equals(call.toolCallId())
                            && r.outcome() == null);
            if (done) {
                return tool.handoffTo();
            }
        }
        return null;
    }

    /**
     * The rest of the run is {@code next}'s: it continues the conversation (this run's answers to the
     * last response are its first request) with its own instructions and tools, under this run's limits;
     * its usage is this run's.
     */
    @SuppressWarnings("unchecked")
    private AgentResult<O> handOff(Agent<?, ?> next, int firstNew) throws RuntimeException {
        var target = (Agent<D, O>) next; // its deps and output types were checked when the agent was built
        RunOptions<D> options = new RunOptions<>(
                run.options.deps(), run.messages, null, run.options.modelSettings(), run.options.approvalHandler());
        AgentResult<O> r;
        try {
            // the target's loop reports to this run's events: a streamed run streams the target's answer too
            r = new NestedUsage(run.usage(), run.cost(), run.limits)
                    .collect(() -> new AgentLoop<>(AgentAccess.config(target), options, events).run(null));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        run.add(r.usage(), r.cost());
        List<Message> all = r.messages();
        return new AgentResult<>(
                r.output(), run.usage(), run.cost(), all, all.subList(firstNew, all.size()), run.runId);
    }

    private ModelResponse requestModel() {
        AgentConfig<D, O> config = run.config;
        run.checkBeforeRequest();
        List<Message> conversation = List.copyOf(run.messages);
        JsonNode input = NullNode.getInstance();
        if (run.executor.isDurable()) { // only a recording executor reads the input; a plain run skips the tree copy
            input = Messages.toTree(new AgentSteps.ModelInput(
                    run.runId,
                    Messages.toJsonTree(conversation.subList(sentToModel, conversation.size())),
                    run.options.modelSettings(),
                    sentToModel == 0 ? config.instructions() : null,
                    run.toolsetTools));
        }
        LoopEvents.ModelCall stream = events.modelCall(run.executor);
        var call = new StepCall<>(
                config.name() + ".model",
                StepKind.MODEL,
                input,
                RESPONSE,
                config.modelStepOptions(),
                () -> AgentSteps.requestModel(
                        config,
                        conversation,
                        run.options.modelSettings(),
                        run.toolsetTools,
                        stream == null ? null : stream.attempt()),
                r -> AgentSteps.metrics(config, r),
                StepDetails.model(
                        config.name(),
                        config.model().provider(),
                        config.model().name(),
                        () -> AgentSteps.withInstructions(config.instructions(), conversation)));
        ModelResponse response = run.executor.execute(call);
        sentToModel = conversation.size() + 1;
        StepMetrics used = AgentSteps.metrics(config, response);
        run.add(used.usage(), used.cost());
        events.received(response, used.usage());
        run.checkTokensAndCost();
        return response;
    }

    private ApprovalDecision decide(PendingApproval pending) {
        if (run.options.approvalHandler() == null) {
            return pending.external()
                    ? ApprovalDecision.failed("Tool '" + pending.toolName() + "' is answered from outside the run and "
                            + "this run has no approval handler to answer it.")
                    : ApprovalDecision.deny("Tool '" + pending.toolName()
                            + "' requires approval and this run has no approval handler.");
        }
        ToolCallPart call = new ToolCallPart(pending.toolName(), pending.toolCallId(), pending.args());
        return run.options.approvalHandler().decide(call, run.toolContext(call, run.runId + "/" + call.toolCallId()));
    }
}
