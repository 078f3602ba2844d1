/** Anthropic's Messages API. */
module dev.steadfast.anthropic {
    requires transitive dev.steadfast.core;
    requires transitive java.net.http;

    exports dev.steadfast.anthropic;

    opens dev.steadfast.anthropic.internal to com.fasterxml.jackson.databind;

    provides dev.steadfast.model.ModelProvider with dev.steadfast.anthropic.internal.AnthropicModelProvider;
}
