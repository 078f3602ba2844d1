package dev.steadfast.anthropic;

import static dev.steadfast.anthropic.AnthropicModelTest.json;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The shape check must be able to fail, or its passes mean nothing. */
class AnthropicRequestShapeTest {
    @Test
    void rejectsAForcedToolChoiceWhileThinking() {
        assertThatThrownBy(() -> AnthropicRequestShape.assertValid(json("""
                {"model": "m", "max_tokens": 4096, "thinking": {"type": "enabled", "budget_tokens": 2048},
                 "tools": [{"name": "final_result", "input_schema": {"type": "object"}}], "tool_choice": {"type": "any"},
                 "messages": [{"role": "user", "content": "hi"}]}""")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("tool_choice forces tool use");
    }

    @Test
    void rejectsTurnsThatDoNotAlternateOrAnswerToolUsesLate() {
        assertThatThrownBy(() -> AnthropicRequestShape.assertValid(json("""
                {"model": "m", "max_tokens": 10, "messages": [
                  {"role": "user", "content": "hi"},
                  {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "x", "input": {}}]},
                  {"role": "user", "content": [{"type": "text", "text": "and"},
                                               {"type": "tool_result", "tool_use_id": "t1", "content": "ok"}]}]}""")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("must come first");
        assertThatThrownBy(() -> AnthropicRequestShape.assertValid(json("""
                {"model": "m", "max_tokens": 10, "messages": [{"role": "assistant", "content": "hi"}]}""")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("alternate");
    }

    @Test
    void rejectsABadImageSource() {
        assertThatThrownBy(() -> AnthropicRequestShape.assertValid(json("""
                {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [
                  {"type": "image", "source": {"type": "base64", "media_type": "image/bmp", "data": "AA=="}}]}]}""")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("image/bmp");
    }
}
