package dev.steadfast.cli.internal.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;

/**
 * {@code GET /api/runs/{id}/events?cursor=…}: a run's events as server-sent events, from
 * {@code engine.events}. Each event's SSE {@code id} is its cursor, so a client resumes with
 * {@code ?cursor=} (or {@code Last-Event-ID}) missing nothing; the stream ends with an {@code end}
 * event (or {@code failed} with the run's error). The data is JSON built here (kind, step, part
 * index, text), never HTML: the page sets model text as text. It passes the same {@link Guard} as
 * every API call (Host, bearer token).
 */
final class RunEventsStream {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunEventsStream() {}

    static void serve(HttpExchange ex, WorkflowEngine engine, String runId, String cursorText) throws IOException {
        StreamCursor from =
                cursorText == null || cursorText.isBlank() ? StreamCursor.START : StreamCursor.parse(cursorText);
        engine.describe(runId); // an unknown run is a 404, before the stream starts
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        try (var events = engine.events(runId, from)) {
            try {
                for (RunEvent e : events) {
                    send(out, e.cursor().toString(), e.event().getClass().getSimpleName(), data(e));
                }
                send(out, null, "end", JSON.createObjectNode());
            } catch (CancellationException | IOException gone) {
                // the client went away, or the console is closing
            } catch (RuntimeException runEnded) {
                send(out, null, "failed", JSON.createObjectNode().put("error", String.valueOf(runEnded.getMessage())));
            }
        }
    }

    private static ObjectNode data(RunEvent e) {
        ObjectNode d = JSON.createObjectNode().put("step", e.stepName());
        switch (e.event()) {
            case AgentEvent.PartStarted s ->
                d.put("index", s.index())
                        .put(
                                "part",
                                switch (s.part()) {
                                    case TextPart t -> "text";
                                    case ThinkingPart t -> "thinking";
                                    case ToolCallPart c -> "tool-call";
                                })
                        .put("tool", s.part() instanceof ToolCallPart c ? c.toolName() : null);
            case AgentEvent.TextDelta t -> d.put("index", t.index()).put("text", t.text());
            case AgentEvent.ThinkingDelta t -> d.put("index", t.index()).put("text", t.text());
            case AgentEvent.ToolCallDelta t -> d.put("index", t.index()).put("text", t.argumentsJson());
            case AgentEvent.ToolCallReady c -> d.put("tool", c.call().toolName());
            case AgentEvent.ToolResult r -> d.put("tool", r.result().toolName());
            case AgentEvent.RetryPrompt r -> d.put("tool", r.prompt().toolName());
            case AgentEvent.ModelUsage u -> d.put("tokens", u.usage().totalTokens());
            case AgentEvent.AttemptDiscarded x -> d.put("discardedStep", x.step());
            case AgentEvent.FinalResult f -> {}
        }
        return d;
    }

    private static void send(OutputStream out, String id, String event, ObjectNode data) throws IOException {
        var b = new StringBuilder();
        if (id != null) {
            b.append("id: ").append(id).append('\n');
        }
        b.append("event: ")
                .append(event)
                .append('\n')
                .append("data: ")
                .append(JSON.writeValueAsString(data))
                .append("\n\n");
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
