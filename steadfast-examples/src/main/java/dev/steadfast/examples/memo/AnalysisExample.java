package dev.steadfast.examples.memo;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@link AnalysisWorkflow} offline and stops the engine while it clusters, then opens a new
 * engine on the same file: the run resumes at the clustering, and the slow embeddings are not
 * computed again. (Stopping the engine stands in for a crash here; {@code AnalysisCrashIT} kills a
 * real process with SIGKILL.)
 *
 * <pre>{@code
 * java dev.steadfast.examples.memo.AnalysisExample
 * }</pre>
 */
public final class AnalysisExample {
    static final List<String> DOCUMENTS = List.of(
            "The database appends every step to its journal and calls fsync before it answers.",
            "A cat sleeps in the afternoon sun on the warm windowsill.",
            "After a crash the engine replays the journal from disk; recorded steps are not run again.",
            "The old cat chases the sun across the kitchen floor, then sleeps.",
            "Write-ahead logging keeps the journal on disk durable when the process crashes.",
            "Our neighbour's cat naps in the sun all afternoon.");

    private static final String RUN = "analysis-1";

    private AnalysisExample() {}

    public static void main(String[] args) throws Exception {
        Path db = Files.createTempDirectory("steadfast-memo").resolve("memo.db");
        var embedderCalls = new AtomicInteger();
        var costly = new HashingEmbedder(HashingEmbedder.DEFAULT_DIMENSIONS, Duration.ofMillis(250));
        Embedder counted = documents -> {
            embedderCalls.incrementAndGet();
            return costly.embed(documents);
        };
        Clusterer stalls = embeddings -> {
            try {
                Thread.sleep(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the engine stopped while clustering");
        };

        long started = System.nanoTime();
        try (WorkflowEngine first = EmbeddedEngine.builder().database(db)
                .register(new AnalysisWorkflow(counted, stalls)).build()) {
            first.start(AnalysisWorkflow.class, RUN, DOCUMENTS);
            while (first.history(RUN).stream().noneMatch(s -> s.status() == StepStatus.COMPLETED)) {
                Thread.sleep(20);
            }
            System.out.printf("Embeddings recorded after %d ms; stopping the engine mid-clustering.%n", millisSince(started));
        }

        started = System.nanoTime();
        try (WorkflowEngine second = EmbeddedEngine.builder().database(db)
                .register(new AnalysisWorkflow(counted, new KMeans(2))).build()) {
            Analysis analysis = second.handle(RUN, Analysis.class).result(Duration.ofMinutes(1)); // resumed by build()
            System.out.printf("Resumed and finished in %d ms; the embedder ran %d time(s) in all.%n",
                    millisSince(started), embedderCalls.get());
            for (int c = 0; c < analysis.clusters().size(); c++) {
                System.out.println("  cluster " + (c + 1) + ":");
                analysis.clusters().get(c).documents().forEach(d -> System.out.println("    - " + d));
            }
            System.out.println("Journal of " + RUN + " (" + db + "):");
            for (StepRecord s : second.history(RUN)) {
                System.out.printf("  %d %-20s %-9s %d attempt(s)%n", s.seq(), s.name(), s.status(), s.attempts());
            }
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
