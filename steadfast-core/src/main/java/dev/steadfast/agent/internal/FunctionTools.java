package dev.steadfast.agent.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.agent.ToolFunction;
import dev.steadfast.message.Messages;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.step.StepOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Programmatic tools: a name, a description, an arguments record and a function. */
public final class FunctionTools {
    private FunctionTools() {}

    public static <A> ToolSpec of(String name, String description, Class<A> argsType, ToolFunction<?, A, ?> fn,
                                  StepOptions options, boolean requiresApproval) {
        return of(name, description, argsType, fn, options, requiresApproval, false);
    }

    /** An external tool: its calls are validated against {@code argsType}, then answered from outside the run. */
    public static <A> ToolSpec external(String name, String description, Class<A> argsType) {
        return of(name, description, argsType, (ctx, args) -> {
            throw new IllegalStateException("External tool '" + name + "' is answered from outside the run, never called");
        }, StepOptions.DEFAULT, false, true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <A> ToolSpec of(String name, String description, Class<A> argsType, ToolFunction<?, A, ?> fn,
                                   StepOptions options, boolean requiresApproval, boolean external) {
        ToolNames.check(name, "Tool '" + name + "'", "pass another name to .tool(...)");
        ObjectNode schema = Schemas.of(argsType);
        if (argsType.isRecord() && "object".equals(schema.path("type").asText()) && !schema.has("properties")) {
            // a record with no components: the tool takes no arguments, so it is offered as {} and not {"value": {}}
            schema.putObject("properties");
            schema.putArray("required");
        }
        boolean wrapped = !Schemas.isObject(schema);
        ObjectNode params = wrapped ? Schemas.object(Map.of("value", schema), List.of("value")) : schema;
        List<String> required = new ArrayList<>();
        params.path("required").forEach(r -> required.add(r.asText()));
        var definition = new ToolDefinition(name, description, params, true);
        JavaType type = Messages.mapper().constructType(argsType);
        JsonReadable.check(type, "Tool '" + name + "': its arguments type " + argsType.getSimpleName());
        ToolSpec.Binder binder = args -> {
            ObjectNode object = Arguments.requireObject(args);
            Arguments.requirePresent(object, required);
            JsonNode node = wrapped ? object.get("value") : object;
            A value = argsType.cast(JsonProblems.read(node, type, wrapped ? "value" : ""));
            var problems = Validation.violations(value);
            if (!problems.isEmpty()) {
                throw new ToolSpec.InvalidArguments(String.join("\n", problems));
            }
            return ctx -> ((ToolFunction) fn).call(ctx, value);
        };
        return new ToolSpec(definition, "tool '" + name + "'", requiresApproval, options, -1, null, binder, external);
    }
}
