/** Memoised expensive steps: embeddings computed once and replayed from the journal. */
package dev.steadfast.examples.memo;
