package dev.steadfast.examples.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's pattern 1 on the embedded engine, and its embedder and clustering on their own. */
class AnalysisWorkflowTest extends AnalysisWorkflowContract {
    @TempDir
    Path dir;

    @Override
    WorkflowEngine open(AnalysisWorkflow workflow) {
        return EmbeddedEngine.builder().database(dir.resolve("memo.db")).register(workflow).build();
    }

    @Test
    void hashingEmbedderGivesUnitVectorsThatIgnoreCaseAndStopWords() {
        var embedder = new HashingEmbedder(64, Duration.ZERO);
        Embedding a = embedder.embed("The Journal, on disk!");
        Embedding b = embedder.embed("journal disk");

        assertThat(a).isEqualTo(b);
        assertThat(a.values().stream().mapToDouble(v -> v * v).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(embedder.embed("the of and").values()).containsOnly(0.0);
        assertThatThrownBy(() -> new HashingEmbedder(4, Duration.ZERO)).hasMessage("dimensions must be >= 8 but was 4");
    }

    @Test
    void kMeansIsDeterministicAndCoversEveryDocumentOnce() {
        List<Embedding> vectors = new HashingEmbedder().embed(DOCS);

        List<List<Integer>> groups = new KMeans(2).cluster(vectors);

        assertThat(groups).containsExactly(List.of(0, 2, 4), List.of(1, 3, 5));
        assertThat(new KMeans(2).cluster(vectors)).isEqualTo(groups);
        assertThat(new KMeans(10).cluster(vectors)).hasSize(6); // k is capped by the documents
        assertThat(new KMeans(1).cluster(vectors)).containsExactly(List.of(0, 1, 2, 3, 4, 5));
        assertThat(new KMeans(3).cluster(List.of())).isEmpty();
    }
}
