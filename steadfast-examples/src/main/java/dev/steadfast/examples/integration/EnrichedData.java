package dev.steadfast.examples.integration;

/**
 * A customer record with what the enrichment API found out.
 *
 * @param customerId our id for the customer
 * @param email their e-mail address
 * @param company the company behind the e-mail's domain
 * @param country where that company is
 */
public record EnrichedData(String customerId, String email, String company, String country) {}
