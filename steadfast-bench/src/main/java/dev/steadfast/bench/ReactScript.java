package dev.steadfast.bench;

/**
 * The one ReAct script both frameworks play in the agent benchmarks, so that they do the same
 * work: the model asks for {@code toolCalls} calls of the tool {@value #TOOL}, one per response,
 * each with the arguments {@value #ARGS_JSON}; the tool is a no-op answering {@value #TOOL_RESULT};
 * then the model answers {@value #ANSWER} (as text, or as the record {@link Answer}).
 *
 * <p>A <em>turn</em> is one model request plus the execution of the tool call its response asks for
 * (the last turn asks for none: it ends the run). A run of {@code n} tool calls is therefore
 * {@code n + 1} turns and {@code n + 1} model requests.
 *
 * <p>Both models pick their answer from the conversation's length alone (the conversation grows by
 * one response and one tool result per turn), so they hold no state and cost the same on both sides.
 */
public final class ReactScript {
    /** The tool's name. */
    public static final String TOOL = "lookup";
    /** The tool's description. */
    public static final String TOOL_DESCRIPTION = "Looks a key up (a no-op for benchmarks)";
    /** The arguments of every tool call, as JSON. */
    public static final String ARGS_JSON = "{\"key\":\"k\"}";
    /** What the no-op tool returns. */
    public static final String TOOL_RESULT = "v";
    /** The final answer. */
    public static final String ANSWER = "done";
    /** The user's prompt. */
    public static final String PROMPT = "Look the key up ten times, then say done.";

    private ReactScript() {}

    /** The structured variant of the final answer. */
    public record Answer(String answer) {}

    /**
     * The index of the response to give: the turn number, read from the conversation's length.
     * A conversation of one prompt then {@code k} (response, tool result) pairs is at turn {@code k}.
     */
    static int turn(int messages, int toolCalls) {
        int turn = messages / 2;
        if (turn > toolCalls) {
            throw new IllegalStateException("the script has " + (toolCalls + 1) + " turns but the model was asked a "
                    + (turn + 1) + "th time (" + messages + " messages)");
        }
        return turn;
    }
}
