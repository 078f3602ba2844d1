package dev.steadfast.openai.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.model.internal.StrictSchema;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The strict form of each tool and output schema, converted once and reused by every request that
 * offers it (an agent builds its definitions once, so its requests pass the same schema objects).
 * A schema strict mode cannot express is sent with {@code strict: false}, and a warning says which
 * tool and why, once per schema.
 */
final class StrictSchemas {
    private static final Logger LOG = LoggerFactory.getLogger(StrictSchemas.class);
    /** Bounds the cache for programs that build definitions per request; agents reuse theirs. */
    private static final int MAX_ENTRIES = 4096;
    private static final ConcurrentHashMap<Identity, StrictSchema.Result> CACHE = new ConcurrentHashMap<>();

    private StrictSchemas() {}

    /** Schemas are mutable trees: look them up by identity, never by their (deep, costly) equality. */
    private record Identity(ObjectNode schema) {
        @Override
        @SuppressWarnings("ReferenceEquality") // identity is the point of this key
        public boolean equals(Object o) {
            return o instanceof Identity other && other.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }

    /** What to send for {@code def}: its strict schema, or its own schema when it is not (or cannot be) strict. */
    static StrictSchema.Result of(ToolDefinition def) {
        if (!def.strict()) {
            return new StrictSchema.Result(def.parametersSchema(), "the definition is not strict");
        }
        var key = new Identity(def.parametersSchema());
        StrictSchema.Result cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        StrictSchema.Result result = StrictSchema.convert(def.parametersSchema());
        if (!result.strict()) {
            LOG.warn("Tool '{}' is sent to OpenAI with strict: false (the model is not held to its schema): {}; "
                    + "our side still validates its arguments", def.name(), result.notStrictBecause());
        }
        if (CACHE.size() >= MAX_ENTRIES) {
            CACHE.clear();
        }
        CACHE.put(key, result);
        return result;
    }
}
