package dev.steadfast.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.Messages;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The frames an owning engine's {@link LiveServer} and a follower's {@link LiveMirror} exchange on the Unix
 * socket beside the database: each a 4-byte big-endian length, then that many bytes of one UTF-8 JSON object.
 * The follower sends one, {@code {"op":"subscribe","run":id}}; the owner answers with the run's live state as
 * it changes ({@code t}: {@code step} a new step or attempt begins, {@code part} a response part starts,
 * {@code more} a part's text grows, {@code answered} an attempt answered a step, {@code tick} anything else
 * changed or nothing did for a while). A frame that is not this is refused by closing the connection.
 */
final class LiveWire {
    /** The largest frame either side reads: a run's live text arrives in many frames, none near this. */
    static final int MAX_FRAME = 4 << 20;

    private LiveWire() {}

    /** The directory of the live socket of {@code database}: beside it, readable by its owner only. */
    static Path dir(Path database) {
        return database.resolveSibling(database.getFileName() + "-live");
    }

    /** The live socket of {@code database}. */
    static Path socket(Path database) {
        return dir(database).resolve("owner.sock");
    }

    static ObjectNode frame(String type) {
        return Messages.mapper().createObjectNode().put("t", type);
    }

    static void write(OutputStream out, JsonNode frame) throws IOException {
        byte[] body = Messages.mapper().writeValueAsBytes(frame);
        out.write(ByteBuffer.allocate(4).putInt(body.length).array());
        out.write(body);
    }

    /** The next frame, or {@code null} when the other side closed between frames. */
    static JsonNode read(InputStream in) throws IOException {
        var data = new DataInputStream(in);
        int length;
        try {
            length = data.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length <= 0 || length > MAX_FRAME) {
            throw new IOException("a live frame is 1 to " + MAX_FRAME + " bytes but announced " + length);
        }
        byte[] body = data.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("a live frame ended after " + body.length + " of " + length + " bytes");
        }
        JsonNode node = Messages.mapper().readTree(new String(body, StandardCharsets.UTF_8));
        if (node == null || !node.isObject()) {
            throw new IOException("a live frame is a JSON object");
        }
        return node;
    }
}
