package dev.steadfast.examples.memo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import dev.steadfast.examples.memo.Analysis.Cluster;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The seed's pattern 1 on any engine: {@link AnalysisWorkflow}, unchanged, records its expensive
 * embeddings once; an engine stopped mid-clustering resumes with them. Subclasses say how to open
 * an engine; opening it again within a test reaches the same state.
 */
abstract class AnalysisWorkflowContract {
    static final List<String> DOCS = AnalysisExample.DOCUMENTS;
    /** Storage and crashes in one cluster, cats in the sun in the other. */
    static final Analysis EXPECTED = new Analysis(List.of(
            new Cluster(List.of(DOCS.get(0), DOCS.get(2), DOCS.get(4))),
            new Cluster(List.of(DOCS.get(1), DOCS.get(3), DOCS.get(5)))));

    /** An engine running {@code workflow}, on the same state every time it is called in one test. */
    abstract WorkflowEngine open(AnalysisWorkflow workflow);

    @Test
    void documentsThatShareWordsShareAClusterAndTheEmbeddingsAreRecorded() {
        try (WorkflowEngine engine = open(new AnalysisWorkflow())) {
            Analysis a = engine.start(AnalysisWorkflow.class, "a-1", DOCS).result(Duration.ofSeconds(20));

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
            } catch (InterruptedException stopped) { // close() interrupts the step: this attempt is not recorded
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("stopped mid-clustering");
        };
        try (WorkflowEngine engine = open(new AnalysisWorkflow(counting, hangs))) {
            engine.start(AnalysisWorkflow.class, "a-2", DOCS);
            assertThat(clustering.await(60, TimeUnit.SECONDS)).isTrue();
        }
        try (WorkflowEngine engine = open(new AnalysisWorkflow(counting, new KMeans(2)))) {
            assertThat(engine.handle("a-2", Analysis.class).result(Duration.ofSeconds(30))).isEqualTo(EXPECTED);
        }
        assertThat(embedded).hasValue(1);
    }
}
