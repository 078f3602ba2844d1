/**
 * Models and the provider SPI. {@link dev.steadfast.model.Models#of(String)} resolves
 * {@code "openai:gpt-4.1"}-style names through {@link dev.steadfast.model.ModelProvider}s found by
 * {@code ServiceLoader}; a provider implements {@link dev.steadfast.model.Model}. Failures are
 * {@link dev.steadfast.model.ModelException}s that say whether a retry may help and how long to wait.
 */
package dev.steadfast.model;
