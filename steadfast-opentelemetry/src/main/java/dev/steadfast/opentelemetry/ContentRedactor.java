package dev.steadfast.opentelemetry;

/**
 * Rewrites captured message content before it becomes a span attribute: mask e-mail addresses, cut
 * secrets, drop a field. Called only when content capture is on.
 *
 * <pre>{@code
 * SteadfastTelemetry.builder(otel)
 *         .captureContent(true)
 *         .redactor((key, json) -> json.replaceAll("\\b\\d{16}\\b", "****"))
 *         .install();
 * }</pre>
 */
@FunctionalInterface
public interface ContentRedactor {
    /** Leaves content as it is. */
    ContentRedactor NONE = (key, content) -> content;

    /**
     * The content to record under attribute {@code key} ({@code gen_ai.input.messages},
     * {@code gen_ai.output.messages}, {@code gen_ai.tool.call.arguments}, {@code gen_ai.tool.call.result}),
     * a JSON text; or {@code exception.message}, a failure's message (it may quote the model's output or a
     * tool's arguments), plain text. {@code null} records nothing.
     */
    String redact(String key, String content);
}
