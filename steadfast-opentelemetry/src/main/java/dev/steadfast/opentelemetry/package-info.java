/**
 * OpenTelemetry for Steadfast: spans and metrics after the GenAI semantic conventions, for plain agent
 * runs and for durable runs on either engine.
 *
 * <pre>{@code
 * OpenTelemetry otel = ...;                       // the application's SDK (or GlobalOpenTelemetry.get())
 * SteadfastTelemetry.install(otel);               // every agent run and every engine of the process
 * }</pre>
 *
 * <h2>What is emitted</h2>
 *
 * <ul>
 *   <li>{@code invoke_agent <agent>} (an agent's run) or {@code invoke_workflow <type>} (a workflow's run),
 *       {@code INTERNAL}, parented on the span current where the run was started;
 *   <li>{@code chat <model>} ({@code CLIENT}) per model request attempt, with {@code gen_ai.provider.name},
 *       request and response model, finish reasons, input, output, cached and reasoning tokens, and its
 *       cost as {@code steadfast.cost.usd};
 *   <li>{@code execute_tool <tool>} ({@code INTERNAL}) per tool call attempt, with the tool's name and call id;
 *   <li>a span named after the step for a workflow's own step ({@code ctx.step(..)}).
 * </ul>
 *
 * Every attempt is its own span: a failed attempt has status {@code ERROR}, the exception recorded,
 * {@code error.type}, and {@code steadfast.step.retrying} telling whether another attempt follows.
 * Message content ({@code gen_ai.input.messages}, {@code gen_ai.output.messages}, tool arguments and
 * results) is captured only when {@link dev.steadfast.opentelemetry.SteadfastTelemetry.Builder#captureContent
 * captureContent} is on, through a {@link dev.steadfast.opentelemetry.ContentRedactor}.
 *
 * <p>Metrics: {@code gen_ai.client.token.usage} and {@code gen_ai.client.operation.duration} histograms as the
 * conventions name them, and the counters {@code steadfast.runs.started}, {@code steadfast.runs.ended},
 * {@code steadfast.steps}, {@code steadfast.retries}, {@code steadfast.cost} (USD) and the gauge
 * {@code steadfast.runs.waiting}. {@link dev.steadfast.opentelemetry.GenAiAttributes} names every key.
 *
 * <h2>Why it is built this way</h2>
 *
 * <ul>
 *   <li><b>A module of its own, on {@code opentelemetry-api} only.</b> Core stays free of telemetry
 *       dependencies; the API is a no-op until the application installs an SDK, so a library that turns
 *       this on costs nothing where nobody collects. The application owns the SDK (exporters, sampling,
 *       resource), as OpenTelemetry asks of libraries.
 *   <li><b>Fed by core's observer hook ({@code dev.steadfast.observe}).</b> The engines and the agent loop
 *       report only work they execute. A replayed step never reaches the observer, so a run replayed after
 *       an unload, a crash or on another Temporal worker emits no span, token count or cost twice — the
 *       duplicates other agent frameworks emit under durable execution.
 *   <li><b>One trace per run.</b> The run's span context is returned as a W3C {@code traceparent}, which the
 *       engine stores with the run (the embedded engine in its database, Temporal in the workflow's start
 *       header); every later execution parents its spans on it, in whatever process it runs. The run's own
 *       span ends when the run ends in the process that started it, or when that execution stops (the run
 *       unloaded to wait, the engine closed); a process killed mid-run loses the spans it had not ended,
 *       and the attempt it cut short is reported once, when it runs again.
 *   <li><b>Attribute names are constants here</b>, not from the incubating semantic-conventions artifact:
 *       the GenAI conventions are still in development and that artifact renames keys between releases,
 *       so pinning the names we emit (and testing them) keeps dashboards stable across its upgrades.
 * </ul>
 */
package dev.steadfast.opentelemetry;
