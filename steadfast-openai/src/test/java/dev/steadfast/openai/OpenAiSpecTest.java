package dev.steadfast.openai;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The spec check must be able to fail, or its passes mean nothing. */
class OpenAiSpecTest {
    @Test
    void rejectsARequestOpenAiWouldReject() {
        assertThatThrownBy(() -> OpenAiSpec.assertValid("CreateChatCompletionRequest", Fixtures.schema("""
                {"model": "gpt-4.1", "messages": [{"role": "robot", "content": "hi"}]}""")))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> OpenAiSpec.assertValid("CreateResponse", Fixtures.schema("""
                {"model": "gpt-4.1", "input": [{"type": "function_call", "name": "x"}]}""")))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void rejectsAResponseMissingRequiredFields() {
        assertThatThrownBy(() -> OpenAiSpec.assertValid("CreateChatCompletionResponse", Fixtures.schema("""
                {"id": "x", "object": "chat.completion", "choices": []}""")))
                .isInstanceOf(AssertionError.class);
    }
}
