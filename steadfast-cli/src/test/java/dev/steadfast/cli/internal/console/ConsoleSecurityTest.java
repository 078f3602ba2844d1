package dev.steadfast.cli.internal.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.Messages;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's guard over HTTP: bearer token, CSRF, origin, Host, headers, read-only mode. */
class ConsoleSecurityTest {
    static final String TOKEN = "s3cret-token-of-24-chars";

    /** Waits for a signal; something to cancel. */
    static final class Waits implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            return ctx.awaitSignal("go", String.class);
        }
    }

    @TempDir
    Path dir;

    WorkflowEngine engine;
    ConsoleServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        engine = EmbeddedEngine.builder()
                .database(dir.resolve("c.db"))
                .register(new Waits())
                .build();
        engine.start(Waits.class, "w-1", "x");
        server = ConsoleServer.start(engine, new ConsoleServer.Settings("127.0.0.1", 0, null, null, "c.db"));
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
    }

    private HttpResponse<String> get(ConsoleServer s, String path, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(s.uri().resolve(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(server.uri().resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String csrf() throws Exception {
        return Messages.mapper()
                .readTree(get(server, "/api/session").body())
                .path("csrf")
                .asText();
    }

    @Test
    void pagesAndApiCarryTheSecurityHeaders() throws Exception {
        for (String path : new String[] {"/", "/console.js", "/api/runs"}) {
            var r = get(server, path);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains("default-src 'self'", "script-src 'self'")
                            .doesNotContain("unsafe-inline"));
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        }
        assertThat(get(server, "/").body()).doesNotContain("<script>").contains("<script src=\"console.js\" defer>");
        assertThat(get(server, "/../pom.xml").statusCode()).isEqualTo(404);
    }

    @Test
    void aPostNeedsTheCsrfTokenJsonAndTheSameOrigin() throws Exception {
        String csrf = csrf();
        assertThat(post("/api/runs/w-1/cancel", "{}", "Content-Type", "application/json")
                        .statusCode())
                .isEqualTo(403);
        assertThat(post("/api/runs/w-1/cancel", "{}", "Content-Type", "application/json", Guard.CSRF_HEADER, "forged")
                        .statusCode())
                .isEqualTo(403);
        assertThat(post(
                                "/api/runs/w-1/cancel",
                                "a=1",
                                "Content-Type",
                                "application/x-www-form-urlencoded",
                                Guard.CSRF_HEADER,
                                csrf)
                        .statusCode())
                .isEqualTo(403);
        assertThat(post(
                                "/api/runs/w-1/cancel",
                                "{}",
                                "Content-Type",
                                "application/json",
                                Guard.CSRF_HEADER,
                                csrf,
                                "Origin",
                                "http://evil.example")
                        .statusCode())
                .isEqualTo(403);
        assertThat(engine.describe("w-1").status().isTerminal()).isFalse();
        var ok = post("/api/runs/w-1/cancel", "{}", "Content-Type", "application/json", Guard.CSRF_HEADER, csrf);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void anApiCallWithoutTheBearerTokenIsRefused() throws Exception {
        try (var guarded =
                ConsoleServer.start(engine, new ConsoleServer.Settings("127.0.0.1", 0, TOKEN, null, "c.db"))) {
            assertThat(get(guarded, "/api/runs").statusCode()).isEqualTo(401);
            assertThat(get(guarded, "/api/runs", "Authorization", "Bearer wrong-token-but-long-enough")
                            .statusCode())
                    .isEqualTo(401);
            var ok = get(guarded, "/api/runs", "Authorization", "Bearer " + TOKEN);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("w-1");
            assertThat(get(guarded, "/api/session", "Authorization", "Bearer " + TOKEN)
                            .body())
                    .doesNotContain(TOKEN);
            assertThat(get(guarded, "/").statusCode()).isEqualTo(200); // the page holds no data
        }
    }

    @Test
    void anyAddressButLoopbackNeedsAToken() {
        assertThatThrownBy(
                        () -> ConsoleServer.start(engine, new ConsoleServer.Settings("0.0.0.0", 0, null, null, "c.db")))
                .hasMessageContaining("--token");
        assertThatThrownBy(() -> new ConsoleServer.Settings("0.0.0.0", 0, "short", null, null))
                .hasMessageContaining("at least 16");
    }

    @Test
    void aForeignHostHeaderIsRefusedOnLoopback() throws Exception {
        assertThat(rawGet("/api/runs", "evil.example:" + server.uri().getPort()))
                .startsWith("HTTP/1.1 403");
        assertThat(rawGet("/api/runs", "localhost:" + server.uri().getPort())).startsWith("HTTP/1.1 200");
    }

    @Test
    void aReadOnlyConsoleShowsButDoesNotSteer() throws Exception {
        try (var ro = ConsoleServer.start(
                engine, new ConsoleServer.Settings("127.0.0.1", 0, null, "read-only: owned by pid 1", "c.db"))) {
            String csrf = Messages.mapper()
                    .readTree(get(ro, "/api/session").body())
                    .path("csrf")
                    .asText();
            var r = http.send(
                    HttpRequest.newBuilder(ro.uri().resolve("/api/runs/w-1/cancel"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .headers("Content-Type", "application/json", Guard.CSRF_HEADER, csrf)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.body()).contains("read-only");
        }
    }

    @Test
    void errorsAreJsonWithTheRightStatus() throws Exception {
        assertThat(get(server, "/api/runs/nope").statusCode()).isEqualTo(404);
        assertThat(get(server, "/api/runs?status=BOGUS").statusCode()).isEqualTo(400);
        var denied = post(
                "/api/runs/w-1/approve",
                "{\"toolCallId\":\"x\"}",
                "Content-Type",
                "application/json",
                Guard.CSRF_HEADER,
                csrf());
        assertThat(denied.statusCode()).isEqualTo(409);
        assertThat(denied.body()).contains("no pending approval");
    }

    private String rawGet(String path, String host) throws IOException {
        try (var socket = new Socket("127.0.0.1", server.uri().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
