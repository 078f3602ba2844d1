package dev.steadfast.agent.internal;

import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import dev.steadfast.message.Messages;

/**
 * Asks Jackson, when the agent is built, whether it can read a tool parameter's type at all, so a
 * type it cannot (a sealed interface whose records it cannot tell apart) fails the build with what
 * to change, instead of failing every call the model makes.
 */
final class JsonReadable {
    private JsonReadable() {}

    /** Fails unless Jackson can build a reader for {@code type}; {@code what} names it for the message. */
    static void check(JavaType type, String what) {
        var mapper = Messages.mapper();
        DeserializationConfig config = mapper.getDeserializationConfig();
        try {
            var context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                    .createInstance(config, null, mapper.getInjectableValues());
            context.findRootValueDeserializer(type);
        } catch (JsonMappingException e) {
            String why = e.getOriginalMessage().lines().findFirst().orElse("");
            String fix = why.contains("cannot be uniquely deduced")
                    ? "add @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = \"type\") to the sealed interface, so the model names the variant"
                    : "use a record, or add a @JsonCreator constructor";
            throw new IllegalArgumentException(what + " cannot be read from JSON: " + why + " — " + fix, e);
        }
    }
}
