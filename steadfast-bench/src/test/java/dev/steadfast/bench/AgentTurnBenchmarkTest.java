package dev.steadfast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ToolReturnPart;
import org.junit.jupiter.api.Test;

/** The agent benchmark measures what it claims: both sides play the whole script, the same way, every time. */
class AgentTurnBenchmarkTest {
    private static final int CALLS = 10;

    @Test
    void steadfastTextRunsTenToolCallsThenAnswers() {
        var setup = SteadfastSetup.text(CALLS);
        for (int run = 1; run <= 3; run++) {
            var result = setup.run();
            assertThat(result.output()).isEqualTo(ReactScript.ANSWER);
            assertThat(result.usage().requests()).isEqualTo(CALLS + 1);
            assertThat(result.usage().toolCalls()).isEqualTo(CALLS);
            assertThat(result.messages().stream().filter(m -> m instanceof ModelResponse).count()).isEqualTo(CALLS + 1);
            assertThat(result.messages().stream()
                    .flatMap(m -> m instanceof dev.steadfast.message.ModelRequest r ? r.parts().stream() : java.util.stream.Stream.empty())
                    .filter(p -> p instanceof ToolReturnPart t && t.toolName().equals(ReactScript.TOOL)))
                    .hasSize(CALLS);
            assertThat(setup.toolExecutions()).isEqualTo((long) CALLS * run);
        }
    }

    @Test
    void steadfastRecordRunsTenToolCallsThenAnswers() {
        var setup = SteadfastSetup.record(CALLS);
        for (int run = 1; run <= 3; run++) {
            var result = setup.run();
            assertThat(result.output()).isEqualTo(new ReactScript.Answer(ReactScript.ANSWER));
            assertThat(result.usage().requests()).isEqualTo(CALLS + 1);
            assertThat(setup.toolExecutions()).isEqualTo((long) CALLS * run);
        }
    }

    @Test
    void langchain4jRunsTenToolCallsThenAnswers() {
        var setup = LangChain4jSetup.create(CALLS);
        for (int run = 1; run <= 3; run++) {
            assertThat(setup.run()).isEqualTo(ReactScript.ANSWER);
            assertThat(setup.toolExecutions()).isEqualTo((long) CALLS * run);
        }
    }

    @Test
    void zeroToolCallsIsOneTurnOnBothSides() {
        var steadfast = SteadfastSetup.text(0);
        var langchain4j = LangChain4jSetup.create(0);
        assertThat(steadfast.run().usage().requests()).isEqualTo(1);
        assertThat(langchain4j.run()).isEqualTo(ReactScript.ANSWER);
        assertThat(steadfast.toolExecutions()).isZero();
        assertThat(langchain4j.toolExecutions()).isZero();
    }

    @Test
    void benchmarkMethodsReturnTheirRuns() {
        var bench = new AgentTurnBenchmark();
        bench.toolCalls = CALLS;
        bench.setUp();
        assertThat(bench.steadfastText().output()).isEqualTo(ReactScript.ANSWER);
        assertThat(bench.steadfastRecord().output().answer()).isEqualTo(ReactScript.ANSWER);
        assertThat(bench.langchain4j()).isEqualTo(ReactScript.ANSWER);
    }
}
