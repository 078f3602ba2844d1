package dev.steadfast.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.stream.internal.LiveHub;
import dev.steadfast.stream.internal.LiveSteps;
import dev.steadfast.stream.internal.StepEvents;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A follower engine's copy of the owning engine's live state ({@link LiveServer}), as {@link LiveSteps} for its
 * {@code events} followers: per run asked about, a virtual thread holds a subscription on the owner's socket
 * and applies what arrives. While no owner answers, the run shows nothing live (its followers read the journal,
 * as they do anyway) and the thread tries again every {@value #RETRY_MILLIS} ms; a run nobody asked about for a
 * while is let go. A lost connection forgets the step in flight: a new owner streams it again as a new attempt.
 */
final class LiveMirror implements LiveSteps, AutoCloseable {
    static final long RETRY_MILLIS = 200;
    private static final long IDLE_NANOS = Duration.ofSeconds(30).toNanos();

    private final Path socket;
    /** The copy: the owner's state as far as it arrived, kept by the same rules as the owner keeps it. */
    private final LiveHub copy = new LiveHub();
    /** The runs with a subscription, and when a follower last asked about each. */
    private final Map<String, Long> used = new ConcurrentHashMap<>();

    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    LiveMirror(Path database) {
        this.socket = LiveWire.socket(database);
    }

    private String follow(String runId) {
        if (used.put(runId, System.nanoTime()) == null && !closed) {
            Thread t = Thread.ofVirtual().name("steadfast-live-mirror-" + runId).unstarted(() -> subscribe(runId));
            threads.add(t);
            t.start();
        }
        return runId;
    }

    @Override
    public LiveStep current(String runId) {
        return copy.current(follow(runId));
    }

    @Override
    public String answeredBy(String runId, int seq) {
        return copy.answeredBy(follow(runId), seq);
    }

    @Override
    public long version(String runId) {
        return copy.version(follow(runId));
    }

    @Override
    public long recordsVersion(String runId) {
        return copy.recordsVersion(follow(runId));
    }

    @Override
    public void await(String runId, long seen, Duration max) throws InterruptedException {
        copy.await(follow(runId), seen, max);
    }

    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
    }

    private boolean wanted(String runId) {
        Long last = used.get(runId);
        return !closed && last != null && System.nanoTime() - last < IDLE_NANOS;
    }

    /** Holds a subscription to {@code runId} while followers ask about it, connecting again while no owner answers. */
    private void subscribe(String runId) {
        try {
            while (wanted(runId)) {
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
                    LiveWire.write(
                            out,
                            Messages.mapper()
                                    .createObjectNode()
                                    .put("op", "subscribe")
                                    .put("run", runId));
                    out.flush();
                    InputStream in = Channels.newInputStream(channel);
                    var step = new Step();
                    JsonNode frame;
                    while ((frame = LiveWire.read(in)) != null && wanted(runId)) {
                        step.apply(runId, frame);
                    }
                } catch (IOException | RuntimeException e) {
                    // no owner, or it went away: followers read the journal meanwhile
                } finally {
                    copy.copyLost(runId);
                }
                Thread.sleep(RETRY_MILLIS);
            }
        } catch (InterruptedException e) {
            // the engine closed
        } finally {
            used.remove(runId);
            threads.remove(Thread.currentThread());
        }
    }

    /** The step one subscription is receiving: what its frames add to. */
    private final class Step {
        private int seq;
        private String attempt;
        private final List<ResponsePart> starts = new ArrayList<>();

        void apply(String runId, JsonNode f) throws IOException {
            switch (f.path("t").asText()) {
                case "answered" ->
                    copy.copyAnswered(
                            runId, f.path("seq").asInt(), f.path("attempt").asText());
                case "step" -> {
                    seq = f.path("seq").asInt();
                    attempt = f.path("attempt").asText();
                    starts.clear();
                    ModelRequest request = Messages.mapper().treeToValue(f.path("request"), ModelRequest.class);
                    copy.copyStart(runId, seq, f.path("name").asText(), attempt, StepEvents.sent(request));
                }
                case "part" -> {
                    int i = f.path("i").asInt();
                    if (attempt == null || i != starts.size()) {
                        throw new IOException("part " + i + " started after " + starts.size() + " parts");
                    }
                    starts.add(Messages.mapper().treeToValue(f.path("start"), ResponsePart.class));
                    copy.copyEvent(runId, seq, attempt, new ModelStreamEvent.PartStart(i, starts.get(i)));
                }
                case "more" -> {
                    int i = f.path("i").asInt();
                    if (i < 0 || i >= starts.size()) {
                        throw new IOException("text for part " + i + " of " + starts.size());
                    }
                    String text = f.path("text").asText();
                    copy.copyEvent(
                            runId,
                            seq,
                            attempt,
                            switch (starts.get(i)) {
                                case TextPart t -> new ModelStreamEvent.TextDelta(i, text);
                                case ThinkingPart t -> new ModelStreamEvent.ThinkingDelta(i, text);
                                case ToolCallPart c -> new ModelStreamEvent.ToolCallDelta(i, text);
                            });
                }
                default -> {} // a tick: the owner is there; followers see what changed in the journal
            }
        }
    }
}
