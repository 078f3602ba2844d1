package dev.steadfast.examples.memo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An offline {@link Embedder}: a bag-of-words vector per document by the hashing trick (each word,
 * lower-cased and minus common stop words, adds one to a bucket chosen by its hash), normalised
 * to unit length. Documents that share words end up close together, which is all
 * {@link KMeans} needs. {@code latencyPerDocument} simulates the cost of a real embedding API, so
 * the saving from not re-running the step is felt.
 *
 * <pre>{@code
 * Embedder free = new HashingEmbedder();
 * Embedder feelsPaid = new HashingEmbedder(256, Duration.ofMillis(300));
 * }</pre>
 */
public final class HashingEmbedder implements Embedder {
    /** The default number of buckets. */
    public static final int DEFAULT_DIMENSIONS = 256;

    private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "by", "for",
            "from", "has", "in", "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "with");

    private final int dimensions;
    private final Duration latencyPerDocument;

    /** {@value #DEFAULT_DIMENSIONS} dimensions, no simulated latency. */
    public HashingEmbedder() {
        this(DEFAULT_DIMENSIONS, Duration.ZERO);
    }

    /**
     * @param dimensions buckets per vector, at least 8
     * @param latencyPerDocument how long each document pretends to take (zero for none)
     */
    public HashingEmbedder(int dimensions, Duration latencyPerDocument) {
        if (dimensions < 8) {
            throw new IllegalArgumentException("dimensions must be >= 8 but was " + dimensions);
        }
        if (latencyPerDocument == null || latencyPerDocument.isNegative()) {
            throw new IllegalArgumentException("latencyPerDocument must be >= 0 but was " + latencyPerDocument);
        }
        this.dimensions = dimensions;
        this.latencyPerDocument = latencyPerDocument;
    }

    @Override
    public List<Embedding> embed(List<String> documents) {
        var out = new ArrayList<Embedding>(documents.size());
        for (String document : documents) {
            pause();
            out.add(embed(document));
        }
        return out;
    }

    /** The vector of one document; the zero vector when it has no words but stop words. */
    public Embedding embed(String document) {
        double[] counts = new double[dimensions];
        for (String word : document.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && !STOP_WORDS.contains(word)) {
                counts[Math.floorMod(word.hashCode(), dimensions)] += 1; // String.hashCode is fixed by the JLS
            }
        }
        double norm = 0;
        for (double c : counts) {
            norm += c * c;
        }
        norm = Math.sqrt(norm);
        var values = new ArrayList<Double>(dimensions);
        for (double c : counts) {
            values.add(norm == 0 ? 0.0 : c / norm);
        }
        return new Embedding(values);
    }

    private void pause() {
        if (latencyPerDocument.isZero()) {
            return;
        }
        try {
            Thread.sleep(latencyPerDocument);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the engine is closing: give up this attempt
            throw new IllegalStateException("Interrupted while embedding", e);
        }
    }
}
