package dev.steadfast.opentelemetry;

import static dev.steadfast.opentelemetry.GenAiAttributes.COST_USD;
import static dev.steadfast.opentelemetry.GenAiAttributes.STEP_ATTEMPT;
import static dev.steadfast.opentelemetry.GenAiAttributes.USAGE_INPUT_TOKENS;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;

/** What the crash test compares of a span, as one line of the file a child process exports its spans to. */
record SpanLine(
        String traceId, String spanId, String parentSpanId, String name, long attempt, long inputTokens, double cost) {
    static SpanLine of(SpanData s) {
        Long attempt = s.getAttributes().get(STEP_ATTEMPT);
        Long input = s.getAttributes().get(USAGE_INPUT_TOKENS);
        Double cost = s.getAttributes().get(COST_USD);
        return new SpanLine(
                s.getTraceId(),
                s.getSpanId(),
                s.getParentSpanId(),
                s.getName(),
                attempt == null ? 0 : attempt,
                input == null ? 0 : input,
                cost == null ? 0 : cost);
    }

    String format() {
        return String.join(
                "\t",
                traceId,
                spanId,
                parentSpanId,
                name,
                Long.toString(attempt),
                Long.toString(inputTokens),
                Double.toString(cost));
    }

    static SpanLine parse(String line) {
        String[] f = line.split("\t");
        return new SpanLine(
                f[0], f[1], f[2], f[3], Long.parseLong(f[4]), Long.parseLong(f[5]), Double.parseDouble(f[6]));
    }

    static List<SpanLine> read(Path file) throws IOException {
        return Files.exists(file)
                ? Files.readAllLines(file).stream().map(SpanLine::parse).toList()
                : List.of();
    }

    /** An exporter that appends each span to {@code file} at once (with a simple processor: before the span's step goes on). */
    record FileExporter(Path file) implements SpanExporter {
        @Override
        public synchronized CompletableResultCode export(Collection<SpanData> spans) {
            var text = new StringBuilder();
            spans.forEach(s -> text.append(of(s).format()).append('\n'));
            try {
                Files.writeString(
                        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
