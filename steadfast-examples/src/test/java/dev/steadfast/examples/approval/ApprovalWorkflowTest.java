package dev.steadfast.examples.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's pattern 2 on the embedded engine; waiting runs unload after 50 ms, so the decision is taken up by replay. */
class ApprovalWorkflowTest extends ApprovalWorkflowContract {
    @TempDir
    Path dir;

    @Override
    WorkflowEngine open(ApprovalWorkflow workflow) {
        return EmbeddedEngine.builder().database(dir.resolve("approvals.db")).unloadAfter(Duration.ofMillis(50))
                .register(workflow).build();
    }

    @Test
    void theOfflineExampleRunsToTheEnd() throws Exception {
        var printed = new ByteArrayOutputStream();
        Outcome o = ApprovalExample.run(dir.resolve("example.db"), ApprovalExample.offlineAnalyst(),
                ApprovalExample.offlineExecutor(), new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(o.executed()).isTrue();
        assertThat(o.analysis().summary()).isEqualTo("A customer asks: " + ApprovalExample.REQUEST.text());
        assertThat(o.report()).isEqualTo("Done: all 3 steps of the plan were carried out.");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Review needed for refund-1234", "is WAITING for [approval]", "still WAITING");
    }
}
