/**
 * OpenAI models: {@link dev.steadfast.openai.OpenAiChatModel} (Chat Completions, also for
 * OpenAI-compatible servers such as Ollama and vLLM) and {@link dev.steadfast.openai.OpenAiResponsesModel}
 * (the Responses API), both built with an {@link dev.steadfast.openai.OpenAiClientBuilder}. Usually reached
 * through {@code Models.of("openai:gpt-4.1")} or {@code Models.of("ollama:llama3.2:1b")}.
 */
package dev.steadfast.openai;
