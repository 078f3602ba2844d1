package dev.steadfast.message;

/** Why the model stopped producing output, normalised across providers. */
public enum FinishReason {
    /** A natural end of the answer. */
    STOP,
    /** The answer ends in tool calls. */
    TOOL_CALLS,
    /** The token limit cut the answer off. */
    LENGTH,
    /** The provider's content filter stopped the answer. */
    CONTENT_FILTER,
    /** Anything else the provider reported. */
    OTHER
}
