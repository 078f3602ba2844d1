package dev.steadfast.examples.memo;

import dev.steadfast.step.StepOptions;
import dev.steadfast.step.TypeRef;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import java.util.List;
import java.util.Objects;

/**
 * The seed article's pattern 1, expensive call memoisation: embed the documents (slow and paid for),
 * then cluster them. Each is a durable step, so a crash after the embeddings resumes at the
 * clustering with the embeddings read back from the journal — the embedder is not called again.
 *
 * <pre>{@code
 * try (WorkflowEngine engine = EmbeddedEngine.builder()
 *         .database(Path.of("analysis.db"))
 *         .register(new AnalysisWorkflow(new HashingEmbedder(), new KMeans(2)))
 *         .build()) {
 *     Analysis a = engine.start(AnalysisWorkflow.class, "analysis-1", documents)
 *             .result(Duration.ofMinutes(5));
 * }
 * // kill the process during cluster_documents and open the engine again:
 * // the run resumes by itself, and generate_embeddings is replayed, not re-run.
 * }</pre>
 *
 * <p>The step's result is handed back to this code only after its record is durable, so once
 * {@code cluster_documents} has started, the embeddings are safe. Steps are at-least-once: a crash
 * <em>during</em> {@code generate_embeddings} runs it again (that attempt's work was never recorded).
 */
public final class AnalysisWorkflow implements Workflow<List<String>, Analysis> {
    private static final TypeRef<List<Embedding>> EMBEDDINGS = new TypeRef<>() {};

    private final Embedder embedder;
    private final Clusterer clusterer;

    /** The offline setup: {@link HashingEmbedder} and two clusters. */
    public AnalysisWorkflow() {
        this(new HashingEmbedder(), new KMeans(2));
    }

    public AnalysisWorkflow(Embedder embedder, Clusterer clusterer) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.clusterer = Objects.requireNonNull(clusterer, "clusterer");
    }

    @Override
    public Analysis run(WorkflowContext ctx, List<String> documents) {
        // Expensive: recorded once, replayed from the journal on every later execution of this run.
        List<Embedding> embeddings = ctx.step("generate_embeddings", EMBEDDINGS, StepOptions.DEFAULT,
                () -> embedder.embed(documents));
        // A crash from here on resumes right here, with the embeddings above intact.
        return ctx.step("cluster_documents", Analysis.class,
                () -> Analysis.of(documents, clusterer.cluster(embeddings)));
    }
}
