package dev.steadfast.agent.internal;

import dev.steadfast.agent.EndStrategy;
import dev.steadfast.agent.ModelRetry;
import dev.steadfast.error.UnexpectedModelBehavior;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.OutputMode;
import java.util.ArrayList;
import java.util.List;

/**
 * What one model response leads to: its output calls are validated and its function-tool calls run
 * as its agent's {@link EndStrategy} says, and the answers to every call (in call order) make the
 * next request, or the run ends with the output.
 */
final class ResponseHandler<D, O> {
    static final String FINAL_RESULT_PROCESSED = "Final result processed.";
    static final String OUTPUT_SKIPPED = "Output tool not used - a final result was already processed.";
    static final String OUTPUT_NOT_FINAL = "Output tool processed, but its value will not be the final result of the agent run.";
    static final String OUTPUT_FAILED = "Output tool not used - output failed validation.";
    static final String OUTPUT_FUNCTION_FAILED = "Output tool not used - output function execution failed.";
    static final String RETRY_WINS = "Output not used as the final result - addressing tool retries from this round first.";
    static final String TOOL_SKIPPED = "Tool not executed - a final result was already processed.";

    /** The parts of the next request, and the output when the run ends here. */
    record Turn<O>(List<RequestPart> parts, Final<O> output) {}

    /** An output value (which may itself be {@code null}). */
    record Final<O>(O value) {}

    private final AgentRunState<D, O> run;
    private final ToolCalls<D, O> tools;

    ResponseHandler(AgentRunState<D, O> run) {
        this.run = run;
        this.tools = new ToolCalls<>(run);
    }

    Turn<O> handle(ModelResponse response) {
        List<ToolCallPart> calls = response.toolCalls();
        if (calls.isEmpty()) {
            return handleText(response);
        }
        int outputCount = 0;
        int deferredCount = 0;
        for (ToolCallPart call : calls) {
            if (run.config.output().isOutputTool(call.toolName())) {
                outputCount++;
            } else if (tools.isDeferred(call)) {
                deferredCount++;
            }
        }
        // deferred calls (approval, external tools) are counted when they run, as PydanticAI does
        run.checkBeforeToolCalls(calls.size() - outputCount - deferredCount);
        boolean earlyText = run.config.endStrategy() == EndStrategy.EARLY && !run.config.output().isText()
                && run.config.output().mode() != OutputMode.TOOL;
        if (outputCount == 0 && deferredCount == 0 && !earlyText) {
            // the common turn: function-tool calls only, whatever the strategy
            return new Turn<>(List.of(tools.run(calls).parts()), null);
        }
        var functions = new ArrayList<Integer>();
        var outputs = new ArrayList<Integer>();
        for (int i = 0; i < calls.size(); i++) {
            (run.config.output().isOutputTool(calls.get(i).toolName()) ? outputs : functions).add(i);
        }
        var round = new Round(calls);
        EndStrategy strategy = run.config.endStrategy();
        switch (strategy) {
            case EARLY -> {
                Final<O> fromText = structuredText(response);
                if (fromText != null) {
                    for (int i = 0; i < calls.size(); i++) {
                        round.answer(i, ToolReturnPart.of(calls.get(i).toolName(), calls.get(i).toolCallId(), TOOL_SKIPPED));
                    }
                    return new Turn<>(round.parts(), fromText);
                }
                outputs.forEach(i -> round.output(i, false));
                if (round.output != null) {
                    functions.forEach(i -> round.answer(i, ToolReturnPart.of(calls.get(i).toolName(), calls.get(i).toolCallId(), TOOL_SKIPPED)));
                } else {
                    round.run(functions);
                }
            }
            case GRACEFUL -> {
                var pending = new ArrayList<Integer>();
                for (int i = 0; i < calls.size(); i++) {
                    if (outputs.contains(i)) {
                        round.run(pending); // the function tools the model asked for before it come first
                        pending.clear();
                        round.output(i, false);
                    } else {
                        pending.add(i);
                    }
                }
                round.run(pending);
            }
            case EXHAUSTIVE -> {
                round.run(functions);
                outputs.forEach(i -> round.output(i, true));
                round.throwIfNoOutputWon();
            }
        }
        if (strategy != EndStrategy.EARLY && round.toolRetried && round.output != null) {
            ToolCallPart winner = calls.get(round.winner);
            round.answer(round.winner, ToolReturnPart.of(winner.toolName(), winner.toolCallId(), RETRY_WINS));
            round.output = null;
        }
        round.resolveDeferred();
        return new Turn<>(round.parts(), round.output);
    }

    /** The answers to one response's calls as they come in. */
    private final class Round {
        private final List<ToolCallPart> calls;
        private final RequestPart[] parts;
        private final List<UnexpectedModelBehavior> exhausted = new ArrayList<>();
        private Final<O> output;
        private int winner = -1;
        private boolean toolRetried;

        Round(List<ToolCallPart> calls) {
            this.calls = calls;
            this.parts = new RequestPart[calls.size()];
        }

        void answer(int i, RequestPart part) {
            parts[i] = part;
        }

        List<RequestPart> parts() {
            return List.of(parts);
        }

        /** Runs function-tool calls (unknown names included) together. */
        void run(List<Integer> indices) {
            if (indices.isEmpty()) {
                return;
            }
            ToolCalls.Answers answers = tools.run(indices.stream().map(calls::get).toList());
            for (int k = 0; k < indices.size(); k++) {
                parts[indices.get(k)] = answers.parts()[k];
            }
            toolRetried |= answers.toolRetried();
        }

        /**
         * Answers the calls still waiting for an answer from outside: not asked for when the run ends
         * here, else all at once.
         */
        void resolveDeferred() {
            var deferred = new ArrayList<Integer>();
            for (int i = 0; i < parts.length; i++) {
                if (parts[i] == null && tools.isDeferred(calls.get(i))) {
                    deferred.add(i);
                }
            }
            if (deferred.isEmpty()) {
                return;
            }
            if (output != null) {
                deferred.forEach(i -> parts[i] = ToolReturnPart.of(calls.get(i).toolName(), calls.get(i).toolCallId(), TOOL_SKIPPED));
                return;
            }
            List<RequestPart> answers = tools.resolveDeferred(deferred.stream().map(calls::get).toList());
            for (int k = 0; k < deferred.size(); k++) {
                parts[deferred.get(k)] = answers.get(k);
            }
        }

        /**
         * Validates output call {@code i}, unless an output already won and {@code all} is false. With
         * {@code all}, a spent budget fails the run only if no output wins.
         */
        void output(int i, boolean all) {
            ToolCallPart call = calls.get(i);
            if (output != null && !all) {
                parts[i] = ToolReturnPart.of(call.toolName(), call.toolCallId(), OUTPUT_SKIPPED);
                return;
            }
            ToolSpec function = run.config.output().function(call.toolName());
            try {
                O parsed = function == null ? run.config.output().parseToolCall(call.toolName(), call.args())
                        : tools.callOutputFunction(function, call);
                O value = validate(parsed, call);
                run.budgets.succeed(call.toolName());
                boolean wins = output == null;
                if (wins) {
                    output = new Final<>(value);
                    winner = i;
                }
                parts[i] = ToolReturnPart.of(call.toolName(), call.toolCallId(), wins ? FINAL_RESULT_PROCESSED : OUTPUT_NOT_FINAL);
            } catch (ToolSpec.InvalidArguments | ModelRetry | ToolCalls.FunctionRetry e) {
                try {
                    run.budgets.fail(call.toolName(), run.maxRetries(call.toolName()),
                            run.outputExceeded(call.toolName(), e.getMessage()));
                } catch (UnexpectedModelBehavior spent) {
                    if (!all) {
                        throw spent;
                    }
                    exhausted.add(spent);
                    parts[i] = ToolReturnPart.of(call.toolName(), call.toolCallId(),
                            e instanceof ToolCalls.FunctionRetry ? OUTPUT_FUNCTION_FAILED : OUTPUT_FAILED);
                    return;
                }
                run.budgets.countOutput();
                parts[i] = new RetryPromptPart(call.toolName(), call.toolCallId(), e.getMessage());
            }
        }

        void throwIfNoOutputWon() {
            if (output == null && !exhausted.isEmpty()) {
                throw exhausted.getFirst();
            }
        }
    }

    /** Under EARLY, a valid NATIVE or PROMPTED answer in a response's text, which then ends the run. */
    private Final<O> structuredText(ModelResponse response) {
        if (run.config.output().isText() || run.config.output().mode() == OutputMode.TOOL || response.text().isBlank()) {
            return null;
        }
        try {
            return new Final<>(validate(run.config.output().parseText(response.text()), null));
        } catch (ToolSpec.InvalidArguments | ModelRetry e) {
            return null; // not an answer: the calls are handled as usual
        }
    }

    private Turn<O> handleText(ModelResponse response) {
        String text = response.text();
        if (text.isBlank()) {
            return retryText("The response was empty; answer the request.");
        }
        if (!run.parameters.allowTextOutput()) {
            return retryText("Plain text responses are not permitted; call one of the output tools: "
                    + String.join(", ", run.config.output().toolNames()));
        }
        try {
            return new Turn<>(List.of(), new Final<>(validate(run.config.output().parseText(text), null)));
        } catch (ToolSpec.InvalidArguments | ModelRetry e) {
            return retryText(e.getMessage());
        }
    }

    private Turn<O> retryText(String problem) {
        run.budgets.spendOutput(run.config.outputRetries(), run.outputExceeded(problem));
        return new Turn<>(List.of(new RetryPromptPart(null, null, problem)), null);
    }

    private O validate(O value, ToolCallPart call) {
        if (run.config.outputValidator() == null) {
            return value;
        }
        return run.config.outputValidator().validate(run.outputContext(call), value);
    }
}
