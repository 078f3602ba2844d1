package dev.steadfast.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.AgentResult;
import dev.steadfast.examples.research.Summary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlainAgentDemoTest {
    @Test
    void theDemoSearchesThenSummarisesWhatTheToolFound() {
        var bytes = new ByteArrayOutputStream();
        AgentResult<Summary> r = PlainAgentDemo.run("durable agents", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(r.output().title()).isEqualTo("What the sources say about: durable agents");
        // The summary is built from the tool's results: 5 sources match "durable" and "agent".
        assertThat(r.output().sources()).hasSize(5).allMatch(u -> u.startsWith("https://example.org/"));
        assertThat(r.usage().requests()).isEqualTo(2);
        assertThat(r.usage().toolCalls()).isEqualTo(1);
        assertThat(r.cost()).isPositive();
        assertThat(out).contains("← call search {\"query\":\"durable agents\"}", "Typed output (Summary):",
                "Usage: 2 requests");
    }
}
