/** OpenAI Chat Completions and Responses, and OpenAI-compatible servers (Ollama, vLLM, ...). */
module dev.steadfast.openai {
    requires transitive dev.steadfast.core;
    requires transitive java.net.http;

    exports dev.steadfast.openai;

    opens dev.steadfast.openai.internal to com.fasterxml.jackson.databind;

    provides dev.steadfast.model.ModelProvider with dev.steadfast.openai.internal.OpenAiModelProvider;
}
