package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.cli.internal.console.ConsoleServer;
import dev.steadfast.message.Messages;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's API keeps decisions facts: a repeat says already recorded, a conflicting one is a 409 naming the first. */
class ConsoleDecisionsTest {
    @TempDir
    Path dir;

    WorkflowEngine engine;
    ConsoleServer console;
    final HttpClient http = HttpClient.newHttpClient();
    String csrf;

    @BeforeEach
    void start() throws Exception {
        Path db = dir.resolve("d.db");
        TestRuns.seed(db);
        engine = TestRuns.owner(db);
        console = ConsoleServer.start(engine, new ConsoleServer.Settings("127.0.0.1", 0, null, null, db.toString()));
        var session = http.send(
                HttpRequest.newBuilder(console.uri().resolve("/api/session")).build(),
                HttpResponse.BodyHandlers.ofString());
        csrf = Messages.mapper().readTree(session.body()).path("csrf").asText();
    }

    @AfterEach
    void stop() {
        console.close();
        engine.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(console.uri().resolve(path))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .headers("Content-Type", "application/json", "X-Steadfast-CSRF", csrf)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anEmptyBodyTrailingTextOrACompleteWithoutAResultIsA400AndDecidesNothing() throws Exception {
        String call = engine.describe("mail-1").pendingApprovals().getFirst().toolCallId();
        var empty = post("/api/runs/mail-1/approve", "");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("the body is empty");
        var junk = post("/api/runs/mail-1/approve", "{\"toolCallId\":\"" + call + "\"} {\"toolCallId\":\"other\"}");
        assertThat(junk.statusCode()).isEqualTo(400);
        assertThat(junk.body()).contains("the body has text after the JSON value");
        var notAnObject = post("/api/runs/mail-1/complete", "[]");
        assertThat(notAnObject.statusCode()).isEqualTo(400);
        assertThat(notAnObject.body()).contains("the body must be a JSON object");
        var noResult = post("/api/runs/mail-1/complete", "{\"toolCallId\":\"" + call + "\"}");
        assertThat(noResult.statusCode()).isEqualTo(400);
        assertThat(noResult.body()).contains("'result' is required");
        assertThat(engine.describe("mail-1").pendingApprovals().getFirst().decided())
                .isNull();
    }

    @Test
    void aRepeatIsAlreadyRecordedAndAConflictIs409NamingTheFirst() throws Exception {
        String call = engine.describe("mail-1").pendingApprovals().getFirst().toolCallId();
        String body = "{\"toolCallId\":\"" + call + "\"}";
        var first = post("/api/runs/mail-1/approve", body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("\"approved\"");

        var again = post("/api/runs/mail-1/approve", body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("already recorded: approved by owner");

        var deny = post("/api/runs/mail-1/deny", "{\"toolCallId\":\"" + call + "\",\"reason\":\"no\"}");
        assertThat(deny.statusCode()).isEqualTo(409);
        assertThat(deny.body()).contains("approved " + call + " by owner", "recorded once");

        assertThat(TestRuns.await(engine, "mail-1", i -> i.status().isTerminal())
                        .output()
                        .toString())
                .contains("sent to");
        assertThat(engine.describe("mail-1").status()).isEqualTo(RunStatus.COMPLETED);
    }
}
