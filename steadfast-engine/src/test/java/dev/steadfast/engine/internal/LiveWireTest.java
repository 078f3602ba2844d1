package dev.steadfast.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Messages;
import dev.steadfast.message.TextPart;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.step.StepContext;
import dev.steadfast.stream.internal.LiveHub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The owner's live socket: what a subscriber reads from it, and what it does with frames that are not a subscription. */
@Timeout(120) // a hang guard only: every wait below ends on an event
class LiveWireTest {
    @TempDir
    Path dir;

    private final LiveHub hub = new LiveHub();

    private void stream(String runId, ModelStreamEvent event) throws Exception {
        StepContext.callWith(new StepContext(runId, 1, "a.model", 1), () -> {
            hub.sink.accept(event);
            return null;
        });
    }

    private SocketChannel connect(Path db) throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(LiveWire.socket(db)));
        return c;
    }

    private static void subscribe(SocketChannel c, String runId) throws IOException {
        OutputStream out = Channels.newOutputStream(c);
        LiveWire.write(
                out, Messages.mapper().createObjectNode().put("op", "subscribe").put("run", runId));
        out.flush();
    }

    /** The next frame that is not a tick. */
    private static JsonNode next(InputStream in) throws IOException {
        JsonNode f;
        do {
            f = LiveWire.read(in);
        } while (f != null && f.path("t").asText().equals("tick"));
        return f;
    }

    @Test
    void aSubscriberGetsTheStepStreamingNowThenOnlyWhatItGains() throws Exception {
        Path db = dir.resolve("w.db");
        hub.attemptStarted("r", 1, "a.model", 1, Messages.mapper().createObjectNode());
        stream("r", new ModelStreamEvent.PartStart(0, TextPart.of("")));
        stream("r", new ModelStreamEvent.TextDelta(0, "Durable "));
        try (LiveServer server = LiveServer.start(db, hub);
                SocketChannel c = connect(db)) {
            subscribe(c, "r");
            InputStream in = Channels.newInputStream(c);

            JsonNode step = next(in);
            assertThat(step.path("t").asText()).isEqualTo("step");
            assertThat(step.path("seq").asInt()).isEqualTo(1);
            assertThat(step.path("name").asText()).isEqualTo("a.model");
            assertThat(next(in).path("t").asText()).isEqualTo("part");
            assertThat(next(in).path("text").asText()).isEqualTo("Durable ");

            stream("r", new ModelStreamEvent.TextDelta(0, "runs — é 😀"));
            JsonNode more = next(in);
            assertThat(more.path("t").asText()).isEqualTo("more");
            assertThat(more.path("text").asText()).isEqualTo("runs — é 😀");

            hub.changed("r", 1);
            JsonNode answered = next(in);
            assertThat(answered.path("t").asText()).isEqualTo("answered");
            assertThat(answered.path("attempt").asText())
                    .isEqualTo(step.path("attempt").asText());
        }
    }

    @Test
    void badFramesAreAnsweredByClosingTheConnectionAndOthersAreStillServed() throws Exception {
        Path db = dir.resolve("w.db");
        hub.attemptStarted("r", 1, "a.model", 1, Messages.mapper().createObjectNode());
        try (LiveServer server = LiveServer.start(db, hub)) {
            byte[] notJson = "{oops".getBytes(StandardCharsets.UTF_8);
            var badJson = new ByteArrayOutputStream();
            badJson.write(ByteBuffer.allocate(4).putInt(notJson.length).array());
            badJson.write(notJson);
            byte[] notSubscribe = "{\"op\":\"delete\",\"run\":\"r\"}".getBytes(StandardCharsets.UTF_8);
            var wrongOp = new ByteArrayOutputStream();
            wrongOp.write(ByteBuffer.allocate(4).putInt(notSubscribe.length).array());
            wrongOp.write(notSubscribe);
            byte[][] bad = {
                ByteBuffer.allocate(4).putInt(-1).array(),
                ByteBuffer.allocate(4).putInt(LiveWire.MAX_FRAME + 1).array(),
                ByteBuffer.allocate(4).putInt(0).array(),
                badJson.toByteArray(),
                wrongOp.toByteArray(),
                "[1]".getBytes(StandardCharsets.UTF_8), // a truncated frame, then the writer leaves
            };
            for (byte[] frame : bad) {
                try (SocketChannel c = connect(db)) {
                    c.write(ByteBuffer.wrap(frame));
                    if (frame.length == 3) {
                        c.shutdownOutput();
                    }
                    assertThat(Channels.newInputStream(c).read())
                            .as("closed, nothing sent")
                            .isEqualTo(-1);
                }
            }
            try (SocketChannel c = connect(db)) {
                subscribe(c, "r");
                assertThat(next(Channels.newInputStream(c)).path("t").asText()).isEqualTo("step");
            }
        }
    }

    @Test
    void aDeadOwnersSocketIsReplacedAndCloseRemovesTheOwnersOnly() throws Exception {
        Path db = dir.resolve("w.db");
        Files.createDirectories(LiveWire.dir(db));
        try (var dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(LiveWire.socket(db))); // closing leaves the file, as a kill does
        }
        assertThat(LiveWire.socket(db)).exists();

        LiveServer server = LiveServer.start(db, hub);
        assertThat(server).isNotNull();
        assertThat(Files.getPosixFilePermissions(LiveWire.dir(db)))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        try (SocketChannel c = connect(db)) {
            subscribe(c, "r");
            assertThat(LiveWire.read(Channels.newInputStream(c))).isNotNull();
        }
        server.close();

        assertThat(LiveWire.dir(db)).doesNotExist();
    }
}
