package dev.steadfast.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.StepRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo for real: a child JVM is SIGKILLed mid-run and this JVM resumes the run from the journal. */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void theKilledRunResumesWithoutRepeatingItsRecordedSteps() throws Exception {
        var bytes = new ByteArrayOutputStream();
        Demo.Outcome o = Demo.run(dir.resolve("demo.db"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(o.history()).extracting(StepRecord::name)
                .containsExactly("researcher.model", "researcher.tool.search", "researcher.model");
        // Process 2 never searched: the sources came from the journal of process 1.
        assertThat(o.searches()).isZero();
        // Process 2 made only the last request: once rate limited, once answered.
        assertThat(o.modelCalls()).isEqualTo(2);
        assertThat(o.history().get(2).attempts()).isEqualTo(2);
        assertThat(o.history().get(2).failedAttempts().getFirst().error().type()).endsWith("RateLimitedException");
        assertThat(o.result().output().sources()).hasSize(5);
        assertThat(out).contains("✗ SIGKILL during step 3", "Process 2 made 0 searches and 2 model requests");
    }
}
