package dev.steadfast.examples.memo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small, deterministic k-means (Lloyd's algorithm): the first centroid is the first document, each
 * further one the document farthest from the centroids chosen so far; then documents move to their
 * nearest centroid until nothing moves. Same input, same clusters — on every machine and every run.
 */
public final class KMeans implements Clusterer {
    private static final int MAX_ITERATIONS = 100;

    private final int k;

    /** @param k how many clusters to look for, at least 1 (fewer when there are fewer documents) */
    public KMeans(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1 but was " + k);
        }
        this.k = k;
    }

    @Override
    public List<List<Integer>> cluster(List<Embedding> embeddings) {
        int n = embeddings.size();
        if (n == 0) {
            return List.of();
        }
        List<double[]> centroids = initialCentroids(embeddings, Math.min(k, n));
        int[] assignment = new int[n];
        Arrays.fill(assignment, -1);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            boolean moved = false;
            for (int i = 0; i < n; i++) {
                int nearest = nearest(centroids, embeddings.get(i));
                moved |= nearest != assignment[i];
                assignment[i] = nearest;
            }
            if (!moved) {
                break;
            }
            centroids = means(embeddings, assignment, centroids);
        }
        return groups(assignment, centroids.size());
    }

    private static List<double[]> initialCentroids(List<Embedding> embeddings, int count) {
        var chosen = new ArrayList<double[]>(count);
        chosen.add(toArray(embeddings.getFirst()));
        while (chosen.size() < count) {
            int farthest = 0;
            double best = -1;
            for (int i = 0; i < embeddings.size(); i++) {
                double d = distanceSquared(chosen.get(nearest(chosen, embeddings.get(i))), embeddings.get(i));
                if (d > best) { // strict: ties go to the earliest document
                    best = d;
                    farthest = i;
                }
            }
            chosen.add(toArray(embeddings.get(farthest)));
        }
        return chosen;
    }

    private static int nearest(List<double[]> centroids, Embedding e) {
        int nearest = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.size(); c++) {
            double d = distanceSquared(centroids.get(c), e);
            if (d < best) {
                best = d;
                nearest = c;
            }
        }
        return nearest;
    }

    private static List<double[]> means(List<Embedding> embeddings, int[] assignment, List<double[]> previous) {
        int dims = previous.getFirst().length;
        var sums = new ArrayList<double[]>();
        int[] sizes = new int[previous.size()];
        for (int c = 0; c < previous.size(); c++) {
            sums.add(new double[dims]);
        }
        for (int i = 0; i < assignment.length; i++) {
            double[] sum = sums.get(assignment[i]);
            List<Double> v = embeddings.get(i).values();
            for (int d = 0; d < dims; d++) {
                sum[d] += v.get(d);
            }
            sizes[assignment[i]]++;
        }
        for (int c = 0; c < sums.size(); c++) {
            if (sizes[c] == 0) {
                sums.set(c, previous.get(c)); // an empty cluster keeps its centroid
            } else {
                for (int d = 0; d < dims; d++) {
                    sums.get(c)[d] /= sizes[c];
                }
            }
        }
        return sums;
    }

    /** Groups in order of their first member; empty clusters are dropped. */
    private static List<List<Integer>> groups(int[] assignment, int count) {
        var byCentroid = new ArrayList<List<Integer>>();
        for (int c = 0; c < count; c++) {
            byCentroid.add(new ArrayList<>());
        }
        for (int i = 0; i < assignment.length; i++) {
            byCentroid.get(assignment[i]).add(i);
        }
        return byCentroid.stream().filter(g -> !g.isEmpty())
                .sorted((a, b) -> Integer.compare(a.getFirst(), b.getFirst())).map(List::copyOf).toList();
    }

    private static double distanceSquared(double[] centroid, Embedding e) {
        List<Double> v = e.values();
        if (v.size() != centroid.length) {
            throw new IllegalArgumentException("dimensions differ: " + centroid.length + " and " + v.size());
        }
        double sum = 0;
        for (int d = 0; d < centroid.length; d++) {
            double diff = centroid[d] - v.get(d);
            sum += diff * diff;
        }
        return sum;
    }

    private static double[] toArray(Embedding e) {
        return e.values().stream().mapToDouble(Double::doubleValue).toArray();
    }
}
