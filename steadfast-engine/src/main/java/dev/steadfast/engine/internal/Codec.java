package dev.steadfast.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steadfast.SteadfastException;
import dev.steadfast.error.PayloadException;
import dev.steadfast.error.PayloadTooLargeException;
import dev.steadfast.error.RecordedValueMismatchException;
import dev.steadfast.message.Messages;
import dev.steadfast.run.AttemptRecord;
import dev.steadfast.run.ErrorInfo;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Values to and from the journal's JSON text, with the size limit enforced before anything is
 * written: an oversize or unwritable value never reaches the database half-done.
 */
final class Codec {
    private static final TypeReference<List<AttemptRecord>> ATTEMPTS = new TypeReference<>() {};
    private static final int MAX_STACK_TRACE = 4_000;

    private final ObjectMapper mapper = Messages.mapper();
    private final ValueReader reader = new ValueReader(mapper);
    private final int maxPayloadBytes;

    Codec(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** {@code value} as JSON text, or a {@link PayloadException} naming {@code what} it is. */
    String encode(Object value, String what) {
        int plain = value instanceof String s ? plainUtf8Length(s) : -1;
        if (plain >= 0) {
            // the commonest result, a string with nothing to escape: its JSON is itself in quotes
            checkSize(plain + 2, what);
            return '"' + (String) value + '"';
        }
        byte[] bytes;
        try {
            bytes = value instanceof JsonNode node ? mapper.writeValueAsBytes(node) : mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException | RuntimeException e) {
            String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new PayloadException(what + " cannot be written as JSON (" + (value == null ? "null" : value.getClass().getName())
                    + "): " + msg + ". Return a record, a collection or a JsonNode.", e);
        }
        checkSize(bytes.length, what);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void checkSize(int bytes, String what) {
        if (bytes > maxPayloadBytes) {
            throw new PayloadTooLargeException(what, bytes, maxPayloadBytes);
        }
    }

    /**
     * The UTF-8 length of {@code s} when it needs no escaping in JSON (no quote, backslash, control
     * character or surrogate), else -1.
     */
    private static int plainUtf8Length(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                return -1;
            }
            if (c >= 0x80) {
                n += c >= 0x800 ? 2 : 1;
            }
        }
        return n;
    }

    <T> T decode(String json, Type type) {
        if (json == null) {
            return null;
        }
        try {
            JavaType javaType = mapper.getTypeFactory().constructType(type);
            return mapper.readValue(json, javaType);
        } catch (JsonProcessingException e) {
            throw new SteadfastException("A recorded value cannot be read as " + type.getTypeName() + ": "
                    + e.getOriginalMessage() + ". Did the type change under a running workflow?", e);
        }
    }

    /** Why {@code json} cannot be read as {@code type} (one line), or {@code null} when it can. */
    String misfit(String json, Type type) {
        try {
            reader.read(json == null ? "null" : json, type);   // as the run will read it: strictly
            return null;
        } catch (ValueReader.Mismatch e) {
            String m = ((e.field == null ? "" : "at '" + e.field + "': ") + e.detail).replaceAll("\\s+", " ");
            return "it does not fit " + type.getTypeName() + ": " + (m.length() > 300 ? m.substring(0, 300) + "…" : m);
        }
    }

    /**
     * A step's result as every replay will see it: {@code json} (what {@code value} was just encoded as)
     * read back as {@code type}, so the first execution returns what replays return, and a type that
     * cannot make the round trip fails now, naming the step, not on the first replay. A string, boolean,
     * int or long always reads back as itself: it is returned without the work.
     */
    <T> T readBack(T value, String json, Type type, String stepName) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long) {
            return value;
        }
        try {
            return reader.read(json, type);
        } catch (ValueReader.Mismatch m) {
            throw new PayloadException("The result of step '" + stepName + "' does not read back as "
                    + type.getTypeName() + (m.field == null ? "" : " at '" + m.field + "'") + ": " + m.detail
                    + ". A replay would read it so: return a type whose JSON reads back as itself (a record).", m);
        }
    }

    /** A step's recorded result read as {@code type}, or {@link RecordedValueMismatchException} naming the step and property. */
    <T> T decodeRecorded(String json, Type type, String runId, int seq, String stepName) {
        if (json == null) {
            return null;
        }
        try {
            return reader.read(json, type);
        } catch (ValueReader.Mismatch m) {
            throw new RecordedValueMismatchException(runId, seq, stepName, type.getTypeName(), m.field, m.detail);
        }
    }

    JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SteadfastException("Corrupt JSON in the journal: " + e.getOriginalMessage(), e);
        }
    }

    /** Internal records (errors, attempts, metrics) have no size limit: they are ours and small. */
    String internal(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SteadfastException("Could not write " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    String error(ErrorInfo error) {
        return error == null ? null : internal(trim(error));
    }

    ErrorInfo error(String json) {
        return json == null ? null : decode(json, ErrorInfo.class);
    }

    String attempts(List<AttemptRecord> attempts) {
        return attempts.isEmpty() ? null : internal(attempts.stream()
                .map(a -> new AttemptRecord(a.attempt(), trim(a.error()), a.failedAt(), a.nextAttemptAt())).toList());
    }

    List<AttemptRecord> attempts(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return mapper.readValue(json, ATTEMPTS);
        } catch (JsonProcessingException e) {
            throw new SteadfastException("Corrupt attempts in the journal: " + e.getOriginalMessage(), e);
        }
    }

    private static ErrorInfo trim(ErrorInfo e) {
        String st = e.stackTrace();
        return st == null || st.length() <= MAX_STACK_TRACE ? e
                : new ErrorInfo(e.type(), e.message(), st.substring(0, MAX_STACK_TRACE) + "\n\t...");
    }
}
