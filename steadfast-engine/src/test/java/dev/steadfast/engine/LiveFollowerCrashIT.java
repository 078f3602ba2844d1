package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.message.Messages;
import dev.steadfast.run.StepStatus;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower in another process than the run's owner (a read-only engine, as the CLI opens it) subscribed
 * through a crash. The owner (a child JVM) streams its answer from a local server of server-sent events; the
 * follower sees it live over the owner's socket; the owner is SIGKILLed after a random number of events; the
 * follower waits on the journal (no error, no hang) while no owner answers, and a new owner resumes the run.
 * The follower gets one coherent answer — what it saw of the dead attempt, one discard marker, the new
 * attempt's answer whole — and no event twice.
 */
class LiveFollowerCrashIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ANSWER = "After the kill the run resumes at the step it was in, streams that step"
            + " again from its start, and a follower in another process is told to discard what it saw first.";

    @TempDir
    Path dir;

    @Test
    void aFollowerInAnotherProcessGetsOneAnswerAndOneDiscardThroughTheOwnersCrash() throws Exception {
        List<String> chunks = List.of(ANSWER.split("(?<= )"));
        int before = ThreadLocalRandom.current().nextInt(1, chunks.size()); // events the first owner gets
        var killed = new CountDownLatch(1);
        var requests = new AtomicInteger();
        var sse = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!sse.isClosed()) {
                try {
                    Socket exchange = sse.accept();
                    boolean first = requests.incrementAndGet() == 1;
                    Thread.ofVirtual().start(() -> {
                        try (exchange) {
                            stream(exchange, first ? chunks.subList(0, before) : chunks, !first);
                            if (first) {
                                killed.await(); // the owner reading this stream dies here
                            }
                        } catch (IOException | InterruptedException e) {
                            // the reader was killed
                        }
                    });
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
        String url = "http://127.0.0.1:" + sse.getLocalPort() + "/v1/stream";

        Path db = dir.resolve("stream.db");
        List<RunEvent> seen = new ArrayList<>();
        String live = String.join("", chunks.subList(0, before));
        try (ChildJvm first = ChildJvm.start(SseOwnerChild.class, db.toString(), url, "start")) {
            first.await("STARTED"::equals, WAIT);
            try (WorkflowEngine follower = EmbeddedEngine.builder()
                            .database(db)
                            .access(EmbeddedEngine.Access.READ_ONLY)
                            .build();
                    var events = follower.events("run", StreamCursor.START)) {
                Iterator<RunEvent> it = events.iterator();
                while (!text(seen).equals(live)) {
                    seen.add(it.next());
                }
                assertThat(follower.history("run"))
                        .as("the text came live from the owner's process")
                        .noneMatch(s -> s.status() == StepStatus.COMPLETED);

                first.kill(); // SIGKILL mid-answer: the step was never recorded, the socket is left behind
                killed.countDown();
                try (ChildJvm second = ChildJvm.start(SseOwnerChild.class, db.toString(), url, "resume")) {
                    it.forEachRemaining(seen::add);
                    second.await("END"::equals, WAIT);
                }
            }
        } finally {
            killed.countDown();
            sse.close();
        }

        assertThat(seen)
                .as("killed after %d of %d events", before, chunks.size())
                .filteredOn(e -> e.event() instanceof AgentEvent.AttemptDiscarded)
                .hasSize(1);
        assertThat(text(seen)).isEqualTo(ANSWER);
        assertThat(seen.getLast().event()).isInstanceOf(AgentEvent.FinalResult.class);
        assertThat(seen).extracting(e -> e.cursor().toString()).doesNotHaveDuplicates();
        assertThat(requests).hasValue(2);
    }

    /**
     * Answers one HTTP request with {@code chunks} as server-sent events, each flushed on its own, then
     * {@code [DONE]} when {@code done}.
     */
    private static void stream(Socket exchange, List<String> chunks, boolean done) throws IOException {
        var request = new BufferedReader(new InputStreamReader(exchange.getInputStream(), StandardCharsets.UTF_8));
        for (String line = request.readLine(); line != null && !line.isEmpty(); line = request.readLine()) {
            // the request's head: a GET has no body
        }
        OutputStream out = exchange.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8));
        for (String c : chunks) {
            String event = Messages.mapper().createObjectNode().put("text", c).toString();
            out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        if (done) {
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static String text(List<RunEvent> events) {
        return LiveFollowerTest.text(events);
    }
}
