package dev.steadfast.examples.memo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.examples.TemporalTestServer;
import dev.steadfast.workflow.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed's pattern 1, {@link AnalysisWorkflow} unchanged, on Temporal: embeddings survive a worker restart. */
class AnalysisOnTemporalTest {
    static TestWorkflowEnvironment env;

    @BeforeAll
    static void start() {
        env = TemporalTestServer.start();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void theAnalysisRunsAndItsEmbeddingsAreRecordedAsAStep() {
        try (WorkflowEngine engine = TemporalTestServer.worker(env, "memo-1", new AnalysisWorkflow())) {
            Analysis a = engine.start(AnalysisWorkflow.class, "a-1", AnalysisWorkflowTest.DOCS).result(Duration.ofSeconds(20));

            assertThat(a).isEqualTo(AnalysisWorkflowTest.EXPECTED);
            assertThat(engine.history("a-1")).extracting(StepRecord::name)
                    .containsExactly("generate_embeddings", "cluster_documents");
            assertThat(engine.history("a-1").getFirst().output().get(0).path("values"))
                    .hasSize(HashingEmbedder.DEFAULT_DIMENSIONS);
        }
    }

    @Test
    void aWorkerStoppedMidClusteringIsReplacedAndTheEmbeddingsAreNotComputedAgain() throws Exception {
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
            } catch (InterruptedException stopped) { // the worker's close() interrupts the step
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("stopped mid-clustering");
        };
        try (WorkflowEngine first = TemporalTestServer.worker(env, "memo-2", new AnalysisWorkflow(counting, hangs))) {
            first.start(AnalysisWorkflow.class, "a-2", AnalysisWorkflowTest.DOCS);
            assertThat(clustering.await(10, TimeUnit.SECONDS)).isTrue();
        }
        try (WorkflowEngine second = TemporalTestServer.worker(env, "memo-2",
                new AnalysisWorkflow(counting, new KMeans(2)))) {
            assertThat(second.handle("a-2", Analysis.class).result(Duration.ofSeconds(30)))
                    .isEqualTo(AnalysisWorkflowTest.EXPECTED);
        }
        assertThat(embedded).hasValue(1);
    }
}
