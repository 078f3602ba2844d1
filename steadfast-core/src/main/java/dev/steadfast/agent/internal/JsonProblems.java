package dev.steadfast.agent.internal;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.steadfast.message.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a model's JSON into a Java type and, when it does not fit, names the JSON path of every
 * field that is wrong ({@code items[1].qty: Cannot deserialize value of type `int` from String "x"}),
 * not only the first one Jackson trips over, so the model can fix them all in one go. The common
 * case (the JSON fits) costs one read; the search runs only after a failure.
 */
final class JsonProblems {
    private JsonProblems() {}

    /** {@code node} as {@code type}. @throws ToolSpec.InvalidArguments naming each bad field, under {@code path} */
    static Object read(JsonNode node, JavaType type, String path) {
        try {
            return Messages.mapper().treeToValue(node, type);
        } catch (Exception e) {
            throw new ToolSpec.InvalidArguments(String.join("\n", explain(node, type, path, e)));
        }
    }

    /** The problems of reading {@code node} as {@code type}, one {@code path: message} line each; empty when it fits. */
    static List<String> problems(JsonNode node, JavaType type, String path) {
        try {
            Messages.mapper().treeToValue(node, type);
            return List.of();
        } catch (Exception e) {
            return explain(node, type, path, e);
        }
    }

    private static List<String> explain(JsonNode node, JavaType type, String path, Exception e) {
        var out = new ArrayList<String>();
        if (node.isObject() && isBean(type)) {
            BeanDescription bean = Messages.mapper().getDeserializationConfig().introspect(type);
            for (BeanPropertyDefinition p : bean.findProperties()) {
                JsonNode child = node.get(p.getName());
                if (child != null && !child.isNull()) {
                    out.addAll(problems(child, p.getPrimaryType(), join(path, p.getName())));
                }
            }
        } else if (node.isArray() && (type.isCollectionLikeType() || type.isArrayType())) {
            for (int i = 0; i < node.size(); i++) {
                out.addAll(problems(node.get(i), type.getContentType(), path + "[" + i + "]"));
            }
        } else if (node.isObject() && type.isMapLikeType()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                out.addAll(problems(f.getValue(), type.getContentType(), join(path, f.getKey())));
            }
        }
        if (out.isEmpty()) { // the trouble is here, not in a part: say it with Jackson's own path below this point
            String at = path + (e instanceof JsonMappingException j ? relative(j) : "");
            out.add((at.isEmpty() ? "" : at + ": ") + describe(e));
        }
        return out;
    }

    private static boolean isBean(JavaType type) {
        Class<?> c = type.getRawClass();
        return !type.isContainerType() && !type.isPrimitive() && !c.isEnum() && !c.isInterface()
                && !c.getName().startsWith("java.") && !c.getName().startsWith("com.fasterxml.");
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String relative(JsonMappingException e) {
        var b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.isEmpty() ? "" : (b.charAt(0) == '[' ? "" : ".") + b;
    }

    private static String describe(Exception e) {
        // a record's compact constructor that rejects a value says what is wrong better than Jackson does
        if (e instanceof ValueInstantiationException v && v.getCause() != null && v.getCause().getMessage() != null) {
            return v.getCause().getMessage();
        }
        return Arguments.describe(e);
    }
}
