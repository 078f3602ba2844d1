package dev.steadfast.opentelemetry;

import static java.util.Objects.requireNonNull;

import dev.steadfast.observe.RunObserver;
import dev.steadfast.observe.RunObservers;
import dev.steadfast.opentelemetry.internal.TelemetryObserver;
import io.opentelemetry.api.OpenTelemetry;

/**
 * Turns Steadfast's runs into OpenTelemetry spans and metrics (see the
 * <a href="package-summary.html">package documentation</a> for what is emitted and why).
 *
 * <pre>{@code
 * OpenTelemetry otel = OpenTelemetrySdk.builder()...build();   // the application's SDK
 * SteadfastTelemetry.install(otel);                            // plain runs and every engine in this process
 *
 * // or with message content, redacted:
 * SteadfastTelemetry.builder(otel).captureContent(true).redactor(myRedactor).install();
 * }</pre>
 */
public final class SteadfastTelemetry {
    /** The instrumentation scope name of Steadfast's tracer and meter. */
    public static final String INSTRUMENTATION_NAME = "dev.steadfast";

    private SteadfastTelemetry() {}

    /**
     * Installs telemetry on {@code openTelemetry} for the whole process, without message content. Install it once
     * the application's SDK is built: on {@code OpenTelemetry.noop()} (an API without SDK) nothing is built for
     * any run.
     */
    public static RunObserver install(OpenTelemetry openTelemetry) {
        return builder(openTelemetry).install();
    }

    /** A builder reporting to {@code openTelemetry}. */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(requireNonNull(openTelemetry, "openTelemetry"));
    }

    /** Options of Steadfast's telemetry. */
    public static final class Builder {
        private final OpenTelemetry openTelemetry;
        private boolean captureContent;
        private ContentRedactor redactor = ContentRedactor.NONE;

        private Builder(OpenTelemetry openTelemetry) {
            this.openTelemetry = openTelemetry;
        }

        /**
         * Whether spans carry message content: the messages sent and received, tool arguments and results.
         * Default {@code false}: prompts and tool results often hold personal data, so only counts, names and
         * ids are recorded unless the application opts in.
         */
        public Builder captureContent(boolean v) {
            captureContent = v;
            return this;
        }

        /** Rewrites captured content before it is recorded. Default {@link ContentRedactor#NONE}. */
        public Builder redactor(ContentRedactor v) {
            redactor = requireNonNull(v, "redactor");
            return this;
        }

        /** The observer, to install with {@link RunObservers#install} (or hand to a framework). */
        public RunObserver build() {
            return new TelemetryObserver(openTelemetry, INSTRUMENTATION_NAME, captureContent, redactor::redact);
        }

        /** Builds the observer and installs it for the whole process ({@link RunObservers#install}). */
        public RunObserver install() {
            RunObserver observer = build();
            RunObservers.install(observer);
            return observer;
        }
    }
}
