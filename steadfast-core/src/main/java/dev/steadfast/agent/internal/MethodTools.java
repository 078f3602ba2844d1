package dev.steadfast.agent.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.agent.Param;
import dev.steadfast.agent.Retry;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.Messages;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.model.internal.StrictSchema;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.step.StepOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/** Finds the {@link Tool} methods of an object and turns each into a {@link ToolSpec}. */
public final class MethodTools {
    private MethodTools() {}

    /** The tools declared on {@code target}'s class, in name order; fails when there are none. */
    public static List<ToolSpec> of(Object target) {
        Class<?> type = target.getClass();
        var methods = new ArrayList<Method>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Arrays.stream(c.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Tool.class)).forEach(methods::add);
        }
        if (methods.isEmpty()) {
            throw new IllegalArgumentException(type.getName() + " has no @Tool methods; annotate the methods the model may call with @Tool(\"what it does\")");
        }
        methods.sort(Comparator.comparing(Method::getName));
        return methods.stream().map(m -> spec(target, m)).toList();
    }

    private static ToolSpec spec(Object target, Method method) {
        Tool tool = method.getAnnotation(Tool.class);
        String name = tool.name().isEmpty() ? method.getName() : tool.name();
        String owner = target.getClass().getSimpleName() + "." + method.getName();
        ToolNames.check(name, "Tool '" + name + "' on " + owner, "rename it with @Tool(name = \"...\")");
        method.setAccessible(true);
        Parameter[] params = method.getParameters();
        var names = new ArrayList<String>();
        var schemas = new LinkedHashMap<String, ObjectNode>();
        var required = new ArrayList<String>();
        var types = new JavaType[params.length];
        int contextIndex = -1;
        for (int i = 0; i < params.length; i++) {
            Parameter p = params[i];
            if (p.getType() == RunContext.class) {
                if (contextIndex >= 0) {
                    throw new IllegalArgumentException("Tool '" + name + "' on " + owner + " takes two RunContext parameters; take one");
                }
                contextIndex = i;
                names.add(null);
                continue;
            }
            Param param = p.getAnnotation(Param.class);
            String pname = param != null && !param.name().isEmpty() ? param.name() : p.isNamePresent() ? p.getName() : null;
            if (pname == null) {
                throw new IllegalArgumentException("Tool '" + name + "' on " + owner + ": parameter " + (i + 1)
                        + " has no name — compile with -parameters or add @Param(name = \"...\")");
            }
            if (schemas.containsKey(pname)) {
                throw new IllegalArgumentException("Tool '" + name + "' on " + owner + ": two parameters are named '" + pname + "'");
            }
            ObjectNode schema = Schemas.embeddable(Schemas.of(p.getParameterizedType()), typeName(p));
            ParamConstraints.apply(p, schema);
            if (param != null && !param.value().isEmpty()) {
                schema.put("description", param.value());
            }
            if (Schemas.mayBeAbsent(p)) {
                schema = StrictSchema.nullable(schema);
            } else {
                required.add(pname);
            }
            schemas.put(pname, schema);
            names.add(pname);
            types[i] = Messages.mapper().constructType(p.getParameterizedType());
            JsonReadable.check(types[i], "Tool '" + name + "' on " + owner + ": parameter '" + pname + "' ("
                    + p.getType().getSimpleName() + ")");
        }
        var definition = new ToolDefinition(name, tool.value(), Schemas.object(schemas, required), true);
        var options = StepOptions.builder().retry(retryPolicy(tool.retry(), owner)).build();
        Duration timeout = tool.timeout().isEmpty() ? null : Durations.parse(tool.timeout(), "@Tool(timeout) on " + owner);
        int ctxAt = contextIndex;
        ToolSpec.Binder binder = args -> bind(target, method, args, names, types, required, ctxAt);
        return new ToolSpec(definition, owner, tool.requiresApproval(), options, tool.modelRetries(), timeout, binder, false);
    }

    private static String typeName(Parameter p) {
        Class<?> type = p.getType() == java.util.Optional.class && p.getParameterizedType() instanceof java.lang.reflect.ParameterizedType pt
                && pt.getActualTypeArguments()[0] instanceof Class<?> c ? c : p.getType();
        return type.getSimpleName().replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** The {@link Tool} methods of {@code target} as output functions: each must return an {@code outputType}. */
    public static List<ToolSpec> outputFunctions(Object target, Class<?> outputType) {
        for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Tool.class) && !boxed(outputType).isAssignableFrom(boxed(m.getReturnType()))) {
                    throw new IllegalArgumentException("Output function " + target.getClass().getSimpleName() + "." + m.getName()
                            + " returns " + m.getReturnType().getName() + ", not the output type " + outputType.getName());
                }
            }
        }
        return of(target);
    }

    private static Class<?> boxed(Class<?> c) {
        return c.isPrimitive() ? java.lang.invoke.MethodType.methodType(c).wrap().returnType() : c;
    }

    static RetryPolicy retryPolicy(Retry r, String owner) {
        Duration initial = Durations.parse(r.initialInterval(), "@Retry(initialInterval) on " + owner);
        Duration max = Durations.parse(r.maxInterval(), "@Retry(maxInterval) on " + owner);
        return RetryPolicy.builder().maxAttempts(r.maxAttempts()).initialInterval(initial)
                .backoffCoefficient(r.backoffCoefficient()).maxInterval(max).nonRetryable(r.nonRetryable()).build();
    }

    private static ToolSpec.BoundCall bind(Object target, Method method, JsonNode args, List<String> names,
                                           JavaType[] types, List<String> required, int contextIndex) {
        ObjectNode object = Arguments.requireObject(args);
        Arguments.requirePresent(object, required);
        Object[] values = new Object[names.size()];
        var problems = new ArrayList<String>();
        for (int i = 0; i < values.length; i++) {
            if (i == contextIndex) {
                continue;
            }
            JsonNode node = object.get(names.get(i));
            if (node == null || node.isNull()) {
                values[i] = Arguments.absent(types[i]);
                continue;
            }
            try {
                values[i] = Messages.mapper().treeToValue(node, types[i]);
            } catch (Exception e) {
                problems.addAll(JsonProblems.problems(node, types[i], names.get(i)));
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(Validation.violations(target, method, values, names));
        }
        if (!problems.isEmpty()) {
            throw new ToolSpec.InvalidArguments(String.join("\n", problems));
        }
        return ctx -> {
            if (contextIndex >= 0) {
                values[contextIndex] = ctx;
            }
            try {
                return method.invoke(target, values);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
            }
        };
    }
}
