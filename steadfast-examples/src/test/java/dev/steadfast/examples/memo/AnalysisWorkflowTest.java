package dev.steadfast.examples.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.examples.memo.Analysis.Cluster;
import dev.steadfast.workflow.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisWorkflowTest {
    static final List<String> DOCS = AnalysisExample.DOCUMENTS;
    /** Storage and crashes in one cluster, cats in the sun in the other. */
    static final Analysis EXPECTED = new Analysis(List.of(
            new Cluster(List.of(DOCS.get(0), DOCS.get(2), DOCS.get(4))),
            new Cluster(List.of(DOCS.get(1), DOCS.get(3), DOCS.get(5)))));

    @TempDir
    Path dir;

    @Test
    void documentsThatShareWordsShareAClusterAndTheEmbeddingsAreRecorded() {
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(dir.resolve("memo.db"))
                .register(new AnalysisWorkflow()).build()) {
            Analysis a = engine.start(AnalysisWorkflow.class, "a-1", DOCS).result(Duration.ofSeconds(10));

            assertThat(a).isEqualTo(EXPECTED);
            List<StepRecord> h = engine.history("a-1");
            assertThat(h).extracting(StepRecord::name).containsExactly("generate_embeddings", "cluster_documents");
            var firstVector = h.getFirst().output().get(0).path("values");
            assertThat(firstVector).hasSize(HashingEmbedder.DEFAULT_DIMENSIONS);
            assertThat(firstVector.get(0).isNumber()).isTrue();
        }
    }

    @Test
    void anEngineStoppedMidClusteringResumesWithTheRecordedEmbeddings() throws Exception {
        var embedded = new AtomicInteger();
        Embedder counting = docs -> {
            embedded.incrementAndGet();
            return new HashingEmbedder().embed(docs);
        };
        var clustering = new CountDownLatch(1);
        Clusterer hangs = e -> {
            clustering.countDown();
            try {
                Thread.sleep(Duration.ofSeconds(30));
            } catch (InterruptedException stopped) { // close() interrupts the run: this attempt is not recorded
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("stopped mid-clustering");
        };
        Path db = dir.resolve("restart.db");
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db)
                .register(new AnalysisWorkflow(counting, hangs)).build()) {
            engine.start(AnalysisWorkflow.class, "a-2", DOCS);
            assertThat(clustering.await(10, TimeUnit.SECONDS)).isTrue();
        }
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db)
                .register(new AnalysisWorkflow(counting, new KMeans(2))).build()) {
            assertThat(engine.handle("a-2", Analysis.class).result(Duration.ofSeconds(10))).isEqualTo(EXPECTED);
        }
        assertThat(embedded).hasValue(1);
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
