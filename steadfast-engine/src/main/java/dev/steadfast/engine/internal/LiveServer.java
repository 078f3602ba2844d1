package dev.steadfast.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.RequestPart;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.internal.LiveHub;
import dev.steadfast.stream.internal.LiveSteps;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the owning engine's {@link LiveHub} to the engines of other processes on the same file (read-only
 * and steering engines: the CLI, a console) over a Unix socket beside the database ({@link LiveWire}). Each
 * subscriber gets a virtual thread that sends its run's live state as it changes: what the hub holds in
 * memory, so no delta is ever written to the journal. The socket's directory is its owner's only; a socket
 * left by a dead owner is replaced (this engine holds the file's lock, so no other owner can be using it).
 */
final class LiveServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveServer.class);
    private static final Duration IDLE_TICK = Duration.ofMillis(500);

    private final LiveHub hub;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Object boundKey;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private LiveServer(LiveHub hub, Path socket, ServerSocketChannel server, Object boundKey) {
        this.hub = hub;
        this.socket = socket;
        this.server = server;
        this.boundKey = boundKey;
    }

    /** Serves {@code hub} beside {@code database}; {@code null} (logged) when the socket cannot be made there. */
    static LiveServer start(Path database, LiveHub hub) {
        Path socket = LiveWire.socket(database);
        try {
            Path dir = Files.createDirectories(socket.getParent());
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // no POSIX permissions here: the directory keeps what the file system gives
            }
            Files.deleteIfExists(socket); // a dead owner's: this engine holds the lock now
            var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Object key = Files.readAttributes(socket, BasicFileAttributes.class).fileKey();
            var live = new LiveServer(hub, socket, server, key);
            Thread.ofVirtual().name("steadfast-live-accept").start(live::accept);
            return live;
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "Streams of the runs on {} are live in this process only: no socket at {} ({}). Other"
                            + " processes see each model step once it is recorded.",
                    database,
                    socket,
                    e.toString());
            return null;
        }
    }

    private void accept() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                clients.add(client);
                Thread.ofVirtual().name("steadfast-live-serve").start(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("The live socket {} stopped accepting: {}", socket, e.toString());
                }
                return;
            }
        }
    }

    /** One subscriber: reads its subscription, then sends its run's live state until either side closes. */
    private void serve(SocketChannel client) {
        try (client) {
            InputStream in = Channels.newInputStream(client);
            JsonNode hello = LiveWire.read(in);
            if (hello == null
                    || !"subscribe".equals(hello.path("op").asText())
                    || !hello.path("run").isTextual()) {
                return; // not a subscriber: closed without a word
            }
            send(hello.get("run").asText(), new BufferedOutputStream(Channels.newOutputStream(client)));
        } catch (IOException e) {
            // the subscriber left, or sent a bad frame: its connection is closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clients.remove(client);
        }
    }

    private void send(String runId, OutputStream out) throws IOException, InterruptedException {
        Set<Integer> answeredSent = new HashSet<>();
        int step = -1;
        String attempt = null;
        List<Integer> chars = new ArrayList<>();
        while (!closed) {
            long seen = hub.version(runId);
            int frames = 0;
            for (Map.Entry<Integer, String> a : hub.answered(runId).entrySet()) {
                if (answeredSent.add(a.getKey())) {
                    LiveWire.write(
                            out,
                            LiveWire.frame("answered").put("seq", a.getKey()).put("attempt", a.getValue()));
                    frames++;
                }
            }
            LiveSteps.LiveStep now = hub.current(runId);
            if (now != null) {
                if (now.seq() != step || !Objects.equals(now.attempt(), attempt)) {
                    step = now.seq();
                    attempt = now.attempt();
                    chars.clear();
                    LiveWire.write(
                            out,
                            LiveWire.frame("step")
                                    .put("seq", step)
                                    .put("name", now.name())
                                    .put("attempt", attempt)
                                    .set("request", Messages.mapper().valueToTree(requestOf(now.sent()))));
                    frames++;
                }
                for (int p = 0; p < now.starts().size(); p++) {
                    if (p >= chars.size()) {
                        chars.add(0);
                        LiveWire.write(
                                out,
                                LiveWire.frame("part")
                                        .put("i", p)
                                        .set(
                                                "start",
                                                Messages.mapper()
                                                        .valueToTree(
                                                                now.starts().get(p))));
                        frames++;
                    }
                    String content = now.contents().get(p);
                    if (content.length() > chars.get(p)) {
                        LiveWire.write(
                                out, LiveWire.frame("more").put("i", p).put("text", content.substring(chars.get(p))));
                        chars.set(p, content.length());
                        frames++;
                    }
                }
            }
            if (frames == 0) {
                LiveWire.write(out, LiveWire.frame("tick")); // a change followers see in the journal, or a keep-alive
            }
            out.flush();
            hub.await(runId, seen, IDLE_TICK);
        }
    }

    /** The answers a step's request sends, as the request they came in (its JSON form carries them). */
    private static ModelRequest requestOf(List<AgentEvent> sent) {
        var parts = new ArrayList<RequestPart>();
        for (AgentEvent e : sent) {
            switch (e) {
                case AgentEvent.ToolResult r -> parts.add(r.result());
                case AgentEvent.RetryPrompt p -> parts.add(p.prompt());
                default -> {}
            }
        }
        return new ModelRequest(parts);
    }

    /** Stops serving and removes the socket (unless another owner has already replaced it). */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (SocketChannel c : clients) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            if (Files.exists(socket)
                    && Objects.equals(
                            boundKey,
                            Files.readAttributes(socket, BasicFileAttributes.class)
                                    .fileKey())) {
                Files.delete(socket);
                Files.deleteIfExists(socket.getParent());
            }
        } catch (IOException e) {
            // another owner's socket, or a directory someone else put files in: left as it is
        }
    }
}
