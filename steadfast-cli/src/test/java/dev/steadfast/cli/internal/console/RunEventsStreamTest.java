package dev.steadfast.cli.internal.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/runs/{id}/events}: server-sent events behind the same guard as the rest of the API, resumable by cursor. */
class RunEventsStreamTest {
    private static final String ANSWER = "fsync, then <b>ack</b>.";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(ConsoleServer s, String path, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(s.uri().resolve(path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRunsEventsComeAsServerSentEventsWithCursorsOnlyForWhoMayReadTheApi() throws Exception {
        Agent<Void, String> writer = Agent.builder()
                .name("writer")
                .model(new FunctionModel((m, p) -> ModelResponse.of(TextPart.of(ANSWER))))
                .build();
        try (WorkflowEngine engine = EmbeddedEngine.builder()
                        .database(dir.resolve("e.db"))
                        .register(writer)
                        .build();
                var open = ConsoleServer.start(engine, new ConsoleServer.Settings("127.0.0.1", 0, null, null, "e.db"));
                var guarded = ConsoleServer.start(
                        engine, new ConsoleServer.Settings("127.0.0.1", 0, "s3cret-token-of-24-chars", null, "e.db"))) {
            engine.start(writer, "w-1", "Explain").result(Duration.ofSeconds(30));

            var all = get(open, "/api/runs/w-1/events");
            assertThat(all.statusCode()).isEqualTo(200);
            assertThat(all.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
            assertThat(all.headers().firstValue("Content-Security-Policy")).isPresent();
            // a recorded step, read from the journal: its text as one delta, as JSON data (the page sets it as text)
            assertThat(all.body())
                    .contains("event: TextDelta\ndata: {\"step\":\"writer.model\",\"index\":0,"
                            + "\"text\":\"fsync, then <b>ack</b>.\"}")
                    .contains("event: FinalResult")
                    .endsWith("event: end\ndata: {}\n\n");

            String lastId = all.body()
                    .lines()
                    .filter(l -> l.startsWith("id: "))
                    .toList()
                    .get(2)
                    .substring(4);
            var rest = get(open, "/api/runs/w-1/events?cursor=" + java.net.URLEncoder.encode(lastId, "UTF-8"));
            long deltasAfter = rest.body()
                    .lines()
                    .filter(l -> l.equals("event: TextDelta"))
                    .count();
            long deltasAll =
                    all.body().lines().filter(l -> l.equals("event: TextDelta")).count();
            assertThat(deltasAfter).isLessThan(deltasAll); // resumed after the third event, not from the start
            assertThat(rest.body()).doesNotContain("event: PartStarted").contains("event: FinalResult");
            var resumedByHeader = get(open, "/api/runs/w-1/events", "Last-Event-ID", lastId);
            assertThat(resumedByHeader.body()).isEqualTo(rest.body());

            assertThat(get(open, "/api/runs/nope/events").statusCode()).isEqualTo(404);
            assertThat(get(open, "/api/runs/w-1/events?cursor=garbage").statusCode())
                    .isEqualTo(400);
            assertThat(get(guarded, "/api/runs/w-1/events").statusCode()).isEqualTo(401);
            assertThat(get(guarded, "/api/runs/w-1/events", "Authorization", "Bearer s3cret-token-of-24-chars")
                            .statusCode())
                    .isEqualTo(200);
        }
    }
}
