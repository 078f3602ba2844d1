package dev.steadfast.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import dev.steadfast.SteadfastException;
import java.util.List;

/**
 * JSON for messages and the values Steadfast stores: one configured {@link ObjectMapper}
 * (records, {@code java.time}, {@code Optional}, sealed
 * types), used for journals, wire payloads and tool
 * arguments alike so a value reads back the way it was written.
 *
 * <pre>{@code
 * String json = Messages.toJson(result.messages());
 * List<Message> history = Messages.fromJson(json);
 * }</pre>
 */
public final class Messages {
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // runs and tool calls are virtual threads, most of them short-lived: a buffer
                    // cache per thread (Jackson's default) would be allocated anew by nearly every call
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                    .build())
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .addModule(new ParameterNamesModule())
            .addModule(new SealedTypes.Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<List<Message>> MESSAGE_LIST = new TypeReference<>() {};

    private Messages() {}

    /** The shared mapper. Do not reconfigure it; copy it ({@code mapper().copy()}) to change settings. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A conversation as a JSON array. */
    public static String toJson(List<? extends Message> messages) {
        try {
            return MAPPER.writerFor(MESSAGE_LIST).writeValueAsString(messages);
        } catch (JsonProcessingException e) {
            throw new SteadfastException("Could not write messages as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A conversation read back from {@link #toJson}. */
    public static List<Message> fromJson(String json) {
        try {
            return MAPPER.readValue(json, MESSAGE_LIST);
        } catch (JsonProcessingException e) {
            throw new SteadfastException("Not a JSON list of messages: " + e.getOriginalMessage(), e);
        }
    }

    /** Messages as a JSON array tree, each with its {@code kind}, so the tree reads back with {@link #fromJson}. */
    public static JsonNode toJsonTree(List<? extends Message> messages) {
        try (var buffer = new com.fasterxml.jackson.databind.util.TokenBuffer(MAPPER, false)) {
            MAPPER.writerFor(MESSAGE_LIST).writeValue(buffer, messages);
            return MAPPER.readTree(buffer.asParser());
        } catch (java.io.IOException e) {
            throw new SteadfastException("Could not write messages as JSON: " + e.getMessage(), e);
        }
    }

    /** Any value as a JSON tree (a {@link JsonNode} is returned as is). */
    public static JsonNode toTree(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        return MAPPER.valueToTree(value);
    }
}
