package dev.steadfast.examples.memo;

import java.util.List;

/**
 * Turns documents into vectors: in production a paid, slow API call (OpenAI's
 * {@code text-embedding-3-small}, a local model server), which is why {@link AnalysisWorkflow}
 * records its result and never pays for it twice. {@link HashingEmbedder} is the offline stand-in.
 */
@FunctionalInterface
public interface Embedder {
    /** One embedding per document, in the documents' order. */
    List<Embedding> embed(List<String> documents);
}
