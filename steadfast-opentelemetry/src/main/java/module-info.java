/**
 * OpenTelemetry traces and metrics of Steadfast's agent and workflow runs, after the GenAI semantic
 * conventions; install with {@code SteadfastTelemetry.install(openTelemetry)}.
 */
module dev.steadfast.opentelemetry {
    requires transitive dev.steadfast.core;
    requires transitive io.opentelemetry.api;
    requires io.opentelemetry.context;

    exports dev.steadfast.opentelemetry;
}
