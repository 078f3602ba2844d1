package dev.steadfast.examples.memo;

import java.util.List;

/** Groups vectors; {@link KMeans} is the one the example uses. */
@FunctionalInterface
public interface Clusterer {
    /**
     * The groups, each a list of indexes into {@code embeddings} in ascending order; every index
     * appears in exactly one group.
     */
    List<List<Integer>> cluster(List<Embedding> embeddings);
}
