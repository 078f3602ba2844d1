package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.SteadfastException;
import dev.steadfast.message.Messages;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An agent conversation as JSON messages, with a SHA-256 hash chained over them
 * ({@code h(n+1) = sha256(h(n) || json(message n))}), so the hash of a prefix names it and the next
 * hash follows from the last one without reading the prefix again. The workflow keeps one per
 * conversation to address what a model step continues; workers use the same chain to check what
 * they cached or rebuilt. Each message is hashed in its canonical JSON: the text a JSON round trip
 * gives back, which is what a worker sees after the message travelled through a payload.
 */
final class ConversationChain {
    static final String EMPTY = "0".repeat(64);

    private final List<JsonNode> messages;
    private String hash;
    private long bytes;

    ConversationChain() {
        this(List.of(), EMPTY, 0);
    }

    private ConversationChain(List<JsonNode> messages, String hash, long bytes) {
        this.messages = new ArrayList<>(messages);
        this.hash = hash;
        this.bytes = bytes;
    }

    /** A chain continuing from {@code messages} whose hash is already known. */
    static ConversationChain of(List<JsonNode> messages, String hash, long bytes) {
        return new ConversationChain(messages, hash, bytes);
    }

    /** Appends one message (in its canonical form). */
    void add(JsonNode message) {
        byte[] json = canonical(message);
        hash = next(hash, json);
        bytes += json.length;
        messages.add(read(json));
    }

    /**
     * Appends a model step's recorded result: a {@code ModelResponse} written as itself, without the
     * {@code kind} a message in a list carries, which is put first here.
     */
    void addResponse(JsonNode response) {
        if (response instanceof ObjectNode o && !o.has("kind")) {
            ObjectNode m = Messages.mapper().createObjectNode().put("kind", "response");
            m.setAll(o);
            add(m);
        } else {
            add(response);
        }
    }

    void addAll(JsonNode array) {
        array.forEach(this::add);
    }

    List<JsonNode> messages() {
        return List.copyOf(messages);
    }

    int size() {
        return messages.size();
    }

    String hash() {
        return hash;
    }

    long bytes() {
        return bytes;
    }

    /** This conversation as a step's reference: inline while its JSON is at most {@code inlineBytes}. */
    Wire.ConversationRef ref(String id, long inlineBytes) {
        return new Wire.ConversationRef(id, messages.size(), hash, bytes <= inlineBytes ? messages() : null);
    }

    private static byte[] canonical(JsonNode node) {
        try {
            var mapper = Messages.mapper();
            return mapper.writeValueAsBytes(mapper.readTree(mapper.writeValueAsBytes(node)));
        } catch (IOException e) {
            throw new SteadfastException("Could not write a message as JSON: " + e.getMessage(), e);
        }
    }

    private static JsonNode read(byte[] json) {
        try {
            return Messages.mapper().readTree(json);
        } catch (IOException e) {
            throw new SteadfastException("Could not read a message back from JSON: " + e.getMessage(), e);
        }
    }

    private static String next(String previous, byte[] json) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(previous.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            d.update(json);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
