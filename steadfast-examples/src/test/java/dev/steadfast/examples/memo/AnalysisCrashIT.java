package dev.steadfast.examples.memo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pattern 1 against a real crash: a child JVM records the embeddings, is SIGKILLed while it
 * clusters, and an engine opened on the same file finishes the run without embedding again.
 */
class AnalysisCrashIT {
    @TempDir
    Path dir;

    @Test
    void aRunKilledWhileClusteringResumesWithoutEmbeddingAgain() throws Exception {
        Path db = dir.resolve("analysis.db");
        Path counter = dir.resolve("embedder-runs.txt");

        try (ChildJvm child = ChildJvm.start(dir, AnalysisCrashChild.class, db.toString(), counter.toString())) {
            // cluster_documents only starts once generate_embeddings is durable in the journal
            child.awaitLine(AnalysisCrashChild.CLUSTERING, Duration.ofSeconds(30));
            child.kill();
        }
        assertThat(Files.readAllLines(counter)).hasSize(1);

        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db)
                .register(new AnalysisWorkflow(AnalysisCrashChild.countingEmbedder(counter), new KMeans(2)))
                .build()) {
            // build() resumed the run the child left RUNNING; nothing is started again here
            Analysis analysis = engine.handle(AnalysisCrashChild.RUN_ID, Analysis.class).result(Duration.ofSeconds(30));

            assertThat(Files.readAllLines(counter)).as("embedder executions in both processes").hasSize(1);
            assertThat(analysis).isEqualTo(AnalysisWorkflowTest.EXPECTED);
            List<StepRecord> history = engine.history(AnalysisCrashChild.RUN_ID);
            assertThat(history).extracting(StepRecord::name).containsExactly("generate_embeddings", "cluster_documents");
            assertThat(history).extracting(StepRecord::status).containsOnly(StepStatus.COMPLETED);
            assertThat(history.getFirst().attempts()).isEqualTo(1);
            assertThat(history.getFirst().output()).hasSize(AnalysisExample.DOCUMENTS.size());
            // the clustering finished in this process, after the child's embeddings were recorded
            assertThat(history.get(1).endedAt()).isAfter(history.getFirst().endedAt());
            assertThat(engine.describe(AnalysisCrashChild.RUN_ID).status()).isEqualTo(RunStatus.COMPLETED);
        }
    }
}
