package dev.steadfast.examples.integration;

import static java.util.Objects.requireNonNull;

/**
 * A new customer record as it arrives, before enrichment.
 *
 * @param customerId our id for the customer
 * @param email their e-mail address
 */
public record InputData(String customerId, String email) {
    public InputData {
        requireNonNull(customerId, "customerId");
        requireNonNull(email, "email");
    }
}
