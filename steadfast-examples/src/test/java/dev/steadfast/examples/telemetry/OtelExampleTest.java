package dev.steadfast.examples.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.examples.research.Summary;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example exports its run's spans and metrics to the OTLP endpoint it is given. */
class OtelExampleTest {
    @TempDir
    Path dir;

    @Test
    void theExampleSendsItsTraceAndMetricsToTheCollector() throws Exception {
        Map<String, ByteArrayOutputStream> received = new ConcurrentHashMap<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new ByteArrayOutputStream())
                        .writeBytes(body);
                exchange.sendResponseHeaders(200, -1);
            }
        });
        collector.start();
        try {
            AgentResult<Summary> result =
                    OtelExample.run("http://127.0.0.1:" + collector.getAddress().getPort(), dir.resolve("runs.db"));
            assertThat(result.output().points()).isNotEmpty();
        } finally {
            collector.stop(0);
        }
        // protobuf keeps strings as UTF-8: the span names and metric names are readable in the bytes
        String traces = received.get("/v1/traces").toString(StandardCharsets.ISO_8859_1);
        assertThat(traces).contains("invoke_agent researcher", "chat ", "execute_tool ", "steadfast-otel-example");
        String metrics = received.get("/v1/metrics").toString(StandardCharsets.ISO_8859_1);
        assertThat(metrics).contains("gen_ai.client.token.usage", "steadfast.cost");
    }
}
