package dev.steadfast.agent;

/**
 * What happens to the other tool calls of a response that also holds an output call (PydanticAI's
 * {@code end_strategy}, with its rules). The output's answer and every call's answer stay in call
 * order in the next request either way.
 *
 * <pre>{@code
 * Agent.builder().model(model).tools(new Mailer()).output(Report.class)
 *         .endStrategy(EndStrategy.EXHAUSTIVE)   // default GRACEFUL
 *         .build();
 * }</pre>
 */
public enum EndStrategy {
    /**
     * The output calls are handled first, in call order; the first that validates ends the run and no
     * function tool runs: each is answered "Tool not executed - a final result was already processed."
     * When every output call fails, the function tools run so the model can correct itself. A valid
     * NATIVE or PROMPTED answer in the text ends the run the same way. PydanticAI 1.x's only behaviour.
     */
    EARLY,
    /**
     * Calls are handled in the order the model made them: function tools before an output call run
     * before it, those after it run too; the first output call that validates wins and later output
     * calls are not used. If a function tool asks for a retry ({@link ModelRetry}, bad arguments, a
     * timeout) the output is not used (it is answered "Output not used as the final result -
     * addressing tool retries from this round first.") and the model is asked again. The default, as
     * in PydanticAI 2.
     */
    GRACEFUL,
    /**
     * Every call runs: all function tools, and every output call is validated; the first valid output
     * in call order wins, other valid ones are answered "Output tool processed, but its value will not
     * be the final result of the agent run." A function tool's retry suppresses the output as in
     * {@link #GRACEFUL}.
     */
    EXHAUSTIVE
}
