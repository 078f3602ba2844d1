package dev.steadfast.agent.internal;

import dev.steadfast.agent.ModelRetry;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import java.util.ArrayList;
import java.util.List;

/**
 * What one model response leads to: its output calls are validated, its function-tool calls run,
 * and the answers to every call make the next request, or the run ends with the output.
 */
final class ResponseHandler<D, O> {
    static final String FINAL_RESULT_PROCESSED = "Final result processed.";
    static final String OUTPUT_SKIPPED = "Output tool not used - a final result was already processed.";
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
        var functionCalls = new ArrayList<Integer>();
        var outputCalls = new ArrayList<Integer>();
        for (int i = 0; i < calls.size(); i++) {
            (run.config.output().isOutputTool(calls.get(i).toolName()) ? outputCalls : functionCalls).add(i);
        }
        run.limits.checkBeforeToolCalls(run.usage(), functionCalls.size());
        var parts = new RequestPart[calls.size()];
        Final<O> output = null;
        for (int i : outputCalls) {
            ToolCallPart call = calls.get(i);
            if (output != null) {
                parts[i] = ToolReturnPart.of(call.toolName(), call.toolCallId(), OUTPUT_SKIPPED);
                continue;
            }
            try {
                output = new Final<>(validate(run.config.output().parseToolCall(call.toolName(), call.args()), call));
                run.budgets.succeed(call.toolName());
                parts[i] = ToolReturnPart.of(call.toolName(), call.toolCallId(), FINAL_RESULT_PROCESSED);
            } catch (ToolSpec.InvalidArguments | ModelRetry e) {
                run.budgets.fail(call.toolName(), run.config.outputRetries(), run.outputExceeded(e.getMessage()));
                run.budgets.countOutput();
                parts[i] = new RetryPromptPart(call.toolName(), call.toolCallId(), e.getMessage());
            }
        }
        if (output != null) {
            for (int i : functionCalls) {
                parts[i] = ToolReturnPart.of(calls.get(i).toolName(), calls.get(i).toolCallId(), TOOL_SKIPPED);
            }
            return new Turn<>(List.of(parts), output);
        }
        List<RequestPart> answers = tools.run(functionCalls.stream().map(calls::get).toList()).parts();
        for (int k = 0; k < functionCalls.size(); k++) {
            parts[functionCalls.get(k)] = answers.get(k);
        }
        return new Turn<>(List.of(parts), null);
    }

    private Turn<O> handleText(ModelResponse response) {
        String text = response.text();
        if (text.isBlank()) {
            return retryText("The response was empty; answer the request.");
        }
        if (!run.config.parameters().allowTextOutput()) {
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
