package dev.steadfast.examples.integration;

/**
 * Calls a validation API. Throws when the service is unavailable (worth retrying) or, with an
 * {@link IllegalArgumentException}, when it rejects the record (a 4xx: retrying cannot help).
 */
@FunctionalInterface
public interface Validator {
    /** The record as the service accepted it (possibly normalised). */
    EnrichedData validate(EnrichedData data);
}
