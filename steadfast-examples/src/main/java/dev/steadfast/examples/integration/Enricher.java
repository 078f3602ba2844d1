package dev.steadfast.examples.integration;

/** Calls an enrichment API (Clearbit-like): who is behind this e-mail address. */
@FunctionalInterface
public interface Enricher {
    EnrichedData enrich(InputData input);
}
