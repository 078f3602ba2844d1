package dev.steadfast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.message.Messages;
import dev.steadfast.model.ModelSettings.Reasoning;
import dev.steadfast.model.ModelSettings.Thinking;
import org.junit.jupiter.api.Test;

/** Typed thinking and reasoning: recorded in a durable run's journal, merged like every setting, checked early. */
class ModelSettingsTest {
    @Test
    void thinkingAndReasoningSurviveTheJournalsJson() throws Exception {
        ModelSettings s = ModelSettings.builder().thinking(Thinking.budget(2048))
                .reasoning(Reasoning.effort(Reasoning.Effort.HIGH).withSummary(Reasoning.Summary.DETAILED)).build();

        String json = Messages.mapper().writeValueAsString(s);

        assertThat(json).contains("\"thinking\":{\"type\":\"enabled\",\"budgetTokens\":2048}")
                .contains("\"reasoning\":{\"effort\":\"HIGH\",\"summary\":\"DETAILED\"}");
        assertThat(Messages.mapper().readValue(json, ModelSettings.class)).isEqualTo(s);
        assertThat(Messages.mapper().writeValueAsString(ModelSettings.DEFAULTS)).doesNotContain("thinking", "reasoning");
    }

    @Test
    void aRunsThinkingOverridesTheAgentsAndOtherFieldsStay() {
        ModelSettings agent = ModelSettings.builder().maxTokens(8000).thinking(Thinking.budget(4096)).build();
        ModelSettings merged = agent.merge(ModelSettings.builder().thinking(Thinking.off()).build());
        assertThat(merged.thinking()).isEqualTo(Thinking.off());
        assertThat(merged.thinking().isOn()).isFalse();
        assertThat(merged.maxTokens()).isEqualTo(8000);
    }

    @Test
    void aBudgetBelowAnthropicsMinimumSaysSo() {
        assertThatThrownBy(() -> Thinking.budget(512)).hasMessageContaining(">= 1024").hasMessageContaining("512");
        assertThatThrownBy(() -> new Thinking("adaptive", 2048)).hasMessageContaining("Thinking.budget(2048)");
    }
}
