package dev.steadfast.examples.memo;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The process {@link AnalysisCrashIT} kills: it starts the analysis run, and its clustering step
 * prints {@value #CLUSTERING} and then hangs until the parent SIGKILLs it.
 *
 * <p>Arguments: the database file, the counter file (one line per embedder execution).
 */
public final class AnalysisCrashChild {
    static final String CLUSTERING = "CLUSTERING";
    static final String RUN_ID = "analysis-crash";

    private AnalysisCrashChild() {}

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Path counter = Path.of(args[1]);
        Clusterer hangs = embeddings -> {
            System.out.println(CLUSTERING);
            System.out.flush();
            try {
                Thread.sleep(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the parent should have killed this process by now");
        };
        WorkflowEngine engine = EmbeddedEngine.builder().database(db)
                .register(new AnalysisWorkflow(countingEmbedder(counter), hangs)).build();
        engine.start(AnalysisWorkflow.class, RUN_ID, AnalysisExample.DOCUMENTS);
        Thread.sleep(Duration.ofMinutes(5)); // never closes the engine: it dies with SIGKILL
    }

    /** A {@link HashingEmbedder} that appends a line to {@code counter} each time it runs. */
    static Embedder countingEmbedder(Path counter) {
        var inner = new HashingEmbedder();
        return documents -> {
            try {
                Files.writeString(counter, "embedded " + documents.size() + " documents\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return inner.embed(documents);
        };
    }
}
