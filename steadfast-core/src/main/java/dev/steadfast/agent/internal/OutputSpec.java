package dev.steadfast.agent.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.Messages;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.OutputMode;
import dev.steadfast.model.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How an agent's output type is offered to the model and read back: plain text for {@code String};
 * otherwise an output tool ({@code final_result}, or {@code final_result_<Type>} per permitted
 * record of a sealed interface), the provider's JSON-schema format (NATIVE) or the schema in the
 * prompt (PROMPTED); in those two a sealed interface is one schema, an {@code anyOf} of its records. Non-object types (a list, a number) are wrapped as {@code {"response": ...}}.
 */
public final class OutputSpec<O> {
    static final String TOOL_NAME = "final_result";
    private static final String WRAPPER = "response";

    private record Variant(ToolDefinition definition, Class<?> type, boolean wrapped) {
        JavaType javaType() {
            return Messages.mapper().constructType(type);
        }
    }

    private final Class<O> type;
    private final OutputMode mode;
    private final List<Variant> variants;
    private final Map<String, ToolSpec> functions;

    private OutputSpec(Class<O> type, OutputMode mode, List<Variant> variants) {
        this(type, mode, variants, Map.of());
    }

    private OutputSpec(Class<O> type, OutputMode mode, List<Variant> variants, Map<String, ToolSpec> functions) {
        this.type = type;
        this.mode = mode;
        this.variants = variants;
        this.functions = functions;
    }

    /**
     * Output functions: each is an output tool whose arguments are its method's parameters; the value
     * the method returns for the model's call is the output.
     */
    public static <O> OutputSpec<O> ofFunctions(Class<O> type, List<ToolSpec> functions) {
        var variants = new ArrayList<Variant>();
        var byName = new java.util.LinkedHashMap<String, ToolSpec>();
        for (ToolSpec f : functions) {
            if (byName.putIfAbsent(f.name(), f) != null) {
                throw new IllegalArgumentException("Output function name '" + f.name() + "' is used twice; rename one with @Tool(name = \"...\")");
            }
            variants.add(new Variant(f.definition(), type, false));
        }
        return new OutputSpec<>(type, OutputMode.TOOL, List.copyOf(variants), java.util.Collections.unmodifiableMap(byName));
    }

    /** The output function named {@code toolName}, or {@code null} when it is not one. */
    public ToolSpec function(String toolName) {
        return functions.get(toolName);
    }

    /** The spec for {@code type}; fails with a clear message when the type cannot be an output. */
    public static <O> OutputSpec<O> of(Class<O> type, OutputMode mode) {
        if (type == String.class) {
            return new OutputSpec<>(type, mode, List.of());
        }
        var variants = new ArrayList<Variant>();
        if (type.isSealed() && type.isInterface() && mode == OutputMode.TOOL) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                String name = TOOL_NAME + "_" + sub.getSimpleName();
                ToolNames.check(name, "Output tool '" + name + "' for " + sub.getName() + " (a permitted type of " + type.getSimpleName() + ")",
                        "rename " + sub.getSimpleName() + " to ASCII letters, digits and '_'"
                                + (name.length() > ToolNames.MAX_LENGTH ? " with at most " + (ToolNames.MAX_LENGTH - TOOL_NAME.length() - 1) + " characters" : ""));
                variants.add(variant(name, sub));
            }
        } else {
            variants.add(variant(TOOL_NAME, type));
        }
        return new OutputSpec<>(type, mode, List.copyOf(variants));
    }

    private static Variant variant(String name, Class<?> type) {
        checkBuildable(type);
        ObjectNode schema = Schemas.of(type);
        boolean wrapped = !Schemas.isObject(schema);
        ObjectNode params = wrapped ? Schemas.object(Map.of(WRAPPER, schema), List.of(WRAPPER)) : schema;
        String description = "The final response which ends this conversation"
                + (type.isRecord() || !wrapped ? " (" + type.getSimpleName() + ")" : "");
        return new Variant(new ToolDefinition(name, description, params, true), type, wrapped);
    }

    private static void checkBuildable(Class<?> type) {
        if (type.isSealed()) {
            return; // Jackson builds one of its permitted types (NATIVE and PROMPTED offer them as one anyOf)
        }
        // an array class is abstract to reflection, yet Jackson builds it like a list
        boolean isAbstract = !type.isArray()
                && (type.isInterface() || java.lang.reflect.Modifier.isAbstract(type.getModifiers()));
        if (isAbstract && !type.isPrimitive() && !java.util.Collection.class.isAssignableFrom(type)
                && !Map.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("Output type " + type.getName()
                    + " is abstract; Jackson cannot build it — use a record, or a sealed interface of records");
        }
        try {
            Messages.mapper().treeToValue(Messages.mapper().createObjectNode(), type);
        } catch (Exception e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e.getMessage());
            // Only a missing way to build matters here: {} failing for other reasons ("not a number") is fine.
            if (e instanceof InvalidDefinitionException || why.contains("no delegate- or property-based Creator")
                    || why.contains("no Creators")) {
                throw new IllegalArgumentException("Output type " + type.getName() + " cannot be built by Jackson: "
                        + why.lines().findFirst().orElse("") + " — use a record or add a @JsonCreator constructor");
            }
        }
    }

    public Class<O> type() {
        return type;
    }

    public boolean isText() {
        return type == String.class && functions.isEmpty();
    }

    public OutputMode mode() {
        return mode;
    }

    /** The request parameters offering {@code functionTools} and this output. */
    public ModelRequestParameters parameters(List<ToolDefinition> functionTools) {
        var outputTools = variants.stream().map(Variant::definition).toList();
        boolean textEnds = isText() || mode != OutputMode.TOOL;
        return new ModelRequestParameters(functionTools, outputTools, textEnds, mode);
    }

    /** Extra instructions for PROMPTED mode, or {@code null}. */
    public String promptedInstructions() {
        if (isText() || mode != OutputMode.PROMPTED) {
            return null;
        }
        return "Always respond with a JSON object that matches this JSON schema, and nothing else:\n"
                + variants.get(0).definition().parametersSchema().toString();
    }

    /** Whether {@code toolName} is one of this output's tools (TOOL mode only). */
    public boolean isOutputTool(String toolName) {
        if (mode != OutputMode.TOOL) {
            return false;
        }
        for (Variant v : variants) { // asked for every call of every response: no stream
            if (v.definition().name().equals(toolName)) {
                return true;
            }
        }
        return false;
    }

    /** The names of the output tools (TOOL mode), for messages to the model. */
    public List<String> toolNames() {
        return mode == OutputMode.TOOL ? variants.stream().map(v -> v.definition().name()).toList() : List.of();
    }

    /** Parses and validates an output tool's arguments. @throws ToolSpec.InvalidArguments */
    public O parseToolCall(String toolName, JsonNode args) {
        Variant v = variants.stream().filter(x -> x.definition().name().equals(toolName)).findFirst().orElseThrow();
        return parse(v, args);
    }

    /** Parses and validates a text answer (text output, or NATIVE/PROMPTED JSON). @throws ToolSpec.InvalidArguments */
    public O parseText(String text) {
        if (isText()) {
            return type.cast(text);
        }
        JsonNode node;
        try {
            node = Messages.mapper().readTree(stripFences(text));
        } catch (Exception e) {
            throw new ToolSpec.InvalidArguments("The response is not valid JSON: " + Arguments.describe(e)
                    + ". Respond with a JSON object matching the schema.");
        }
        return parse(variants.get(0), node);
    }

    private O parse(Variant v, JsonNode args) {
        ObjectNode object = Arguments.requireObject(args);
        var required = new ArrayList<String>();
        v.definition().parametersSchema().path("required").forEach(r -> required.add(r.asText()));
        Arguments.requirePresent(object, required);
        Object value = JsonProblems.read(v.wrapped() ? object.get(WRAPPER) : object, v.javaType(),
                v.wrapped() ? WRAPPER : "");
        var problems = Validation.violations(value);
        if (!problems.isEmpty()) {
            throw new ToolSpec.InvalidArguments(String.join("\n", problems));
        }
        return type.cast(value);
    }

    private static String stripFences(String text) {
        String t = text.strip();
        if (t.startsWith("```")) {
            int firstNl = t.indexOf('\n');
            int end = t.lastIndexOf("```");
            if (firstNl > 0 && end > firstNl) {
                return t.substring(firstNl + 1, end).strip();
            }
        }
        return t;
    }
}
