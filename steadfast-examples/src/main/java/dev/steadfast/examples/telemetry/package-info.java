/** Turning on OpenTelemetry for agent and workflow runs: {@link dev.steadfast.examples.telemetry.OtelExample}. */
package dev.steadfast.examples.telemetry;
