/**
 * {@link dev.steadfast.testing.http.WireServer}: a local HTTP server that speaks a provider's
 * wire format, for testing model clients against real HTTP without a provider.
 */
package dev.steadfast.testing.http;
