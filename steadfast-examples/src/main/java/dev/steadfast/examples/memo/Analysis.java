package dev.steadfast.examples.memo;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link AnalysisWorkflow} returns: the documents, grouped by topic.
 *
 * @param clusters the groups, ordered by their first document's position in the input
 */
public record Analysis(List<Cluster> clusters) {
    public Analysis {
        clusters = List.copyOf(clusters);
    }

    /**
     * One group of related documents.
     *
     * @param documents the documents, in input order
     */
    public record Cluster(List<String> documents) {
        public Cluster {
            documents = List.copyOf(documents);
        }
    }

    /** The analysis of {@code documents} grouped as {@code groups} (indexes into {@code documents}). */
    public static Analysis of(List<String> documents, List<List<Integer>> groups) {
        var clusters = new ArrayList<Cluster>(groups.size());
        for (List<Integer> group : groups) {
            clusters.add(new Cluster(group.stream().map(documents::get).toList()));
        }
        return new Analysis(clusters);
    }
}
