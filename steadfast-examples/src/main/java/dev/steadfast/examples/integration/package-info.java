/** Per-step retry policies with graceful failure when a step's retries run out. */
package dev.steadfast.examples.integration;
