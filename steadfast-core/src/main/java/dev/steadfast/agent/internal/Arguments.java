package dev.steadfast.agent.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** Checks on a model's JSON arguments, with messages the model can act on. */
final class Arguments {
    private Arguments() {}

    static ObjectNode requireObject(JsonNode args) {
        if (args instanceof ObjectNode o) {
            return o;
        }
        throw new ToolSpec.InvalidArguments(args.isTextual()
                ? "The arguments are not valid JSON: " + abbreviate(args.asText()) + ". Send a JSON object."
                : "The arguments must be a JSON object but were " + abbreviate(args.toString()));
    }

    static void requirePresent(ObjectNode args, List<String> required) {
        var missing = required.stream().filter(r -> !args.has(r) || args.get(r).isNull()).toList();
        if (!missing.isEmpty()) {
            throw new ToolSpec.InvalidArguments(String.join("\n", missing.stream().map(m -> m + ": field required").toList()));
        }
    }

    static Object absent(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == Optional.class) {
            return Optional.empty();
        }
        if (raw == java.util.OptionalInt.class) {
            return java.util.OptionalInt.empty();
        }
        if (raw == java.util.OptionalLong.class) {
            return java.util.OptionalLong.empty();
        }
        return raw == java.util.OptionalDouble.class ? java.util.OptionalDouble.empty() : null;
    }

    static String describe(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        m = m == null ? e.getClass().getSimpleName() : m;
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
