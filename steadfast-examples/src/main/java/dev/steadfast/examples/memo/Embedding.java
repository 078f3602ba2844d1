package dev.steadfast.examples.memo;

import java.util.List;

/**
 * One document's vector. Stored in the run's journal as JSON, so keep vectors modest: a 1,536-dimension
 * embedding is about 30 KB of JSON, and the embedded engine refuses step results over 2 MiB by default
 * ({@code EmbeddedEngine.builder().maxPayloadBytes(..)} raises it).
 *
 * @param values the vector's components
 */
public record Embedding(List<Double> values) {
    public Embedding {
        values = List.copyOf(values);
    }
}
