package dev.steadfast.cli.internal.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.EventStream;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code GET /api/runs/{id}/events?cursor=…}: a run's events as server-sent events, from
 * {@code engine.events}. Each event's SSE {@code id} is its cursor, so a client resumes with
 * {@code ?cursor=} (or {@code Last-Event-ID}) missing nothing; the stream ends with an {@code end}
 * event (or {@code failed} with the run's error). The data is JSON built here (kind, step, part
 * index, text), never HTML: the page sets model text as text. It passes the same {@link Guard} as
 * every API call (Host, bearer token).
 *
 * <p>A run may wait for days without an event, so the headers go out at once and a comment line
 * ({@code : heartbeat}) every {@link #HEARTBEAT}: a client that went away makes that write fail, which
 * ends its subscription. At most {@link #MAX_STREAMS} streams are open at a time; one more is
 * answered 503.
 */
final class RunEventsStream {
    /** How often an idle stream writes a comment line, so a closed browser is noticed. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Streams open at once, over all runs. */
    static final int MAX_STREAMS = 64;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] HEARTBEAT_LINE = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    private final Duration heartbeat;
    private final int maxStreams;
    private final Semaphore open;

    RunEventsStream() {
        this(HEARTBEAT, MAX_STREAMS);
    }

    RunEventsStream(Duration heartbeat, int maxStreams) {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("heartbeat must be > 0 but was " + heartbeat);
        }
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be >= 1 but was " + maxStreams);
        }
        this.heartbeat = heartbeat;
        this.maxStreams = maxStreams;
        this.open = new Semaphore(maxStreams);
    }

    void serve(HttpExchange ex, WorkflowEngine engine, String runId, String cursorText) throws IOException {
        StreamCursor from =
                cursorText == null || cursorText.isBlank() ? StreamCursor.START : StreamCursor.parse(cursorText);
        engine.describe(runId); // an unknown run is a 404, before the stream starts
        if (!open.tryAcquire()) {
            ex.getResponseHeaders().set("Retry-After", "30");
            ConsoleApi.error(
                    ex,
                    503,
                    "the console already serves " + maxStreams
                            + " event streams, its limit; close a run's page elsewhere, or retry later");
            return;
        }
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            stream(ex.getResponseBody(), engine.events(runId, from));
        } finally {
            open.release();
        }
    }

    private void stream(OutputStream body, EventStream<RunEvent> events) throws IOException {
        var out = new Sink(body);
        var gone = new AtomicBoolean();
        var ended = new CountDownLatch(1);
        // a thread of its own per stream: a client that stopped reading blocks only its own beats
        Thread.ofVirtual().name("steadfast-console-heartbeat").start(() -> {
            try {
                while (!ended.await(heartbeat.toMillis(), TimeUnit.MILLISECONDS)) {
                    out.beat();
                }
            } catch (IOException e) {
                gone.set(true);
                events.close(); // wakes the reader below: its loop ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (events) {
            try {
                for (RunEvent e : events) {
                    send(out, e.cursor().toString(), e.event().getClass().getSimpleName(), data(e));
                }
                if (!gone.get()) {
                    send(out, null, "end", JSON.createObjectNode());
                }
            } catch (CancellationException | IOException clientGone) {
                // the client went away, or the console is closing
            } catch (RuntimeException runEnded) {
                send(out, null, "failed", JSON.createObjectNode().put("error", String.valueOf(runEnded.getMessage())));
            }
        } finally {
            ended.countDown();
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

    private static void send(Sink out, String id, String event, ObjectNode data) throws IOException {
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
    }

    /** The response body; one whole event or comment at a time, so a heartbeat never lands inside an event. */
    private static final class Sink {
        private final OutputStream out;
        private final ReentrantLock lock = new ReentrantLock();

        Sink(OutputStream out) {
            this.out = out;
        }

        void write(byte[] bytes) throws IOException {
            lock.lock();
            try {
                out.write(bytes);
                out.flush();
            } finally {
                lock.unlock();
            }
        }

        /** A comment line, unless an event is being written (that write tells as well whether the client is there). */
        void beat() throws IOException {
            if (lock.tryLock()) {
                try {
                    out.write(HEARTBEAT_LINE);
                    out.flush();
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
