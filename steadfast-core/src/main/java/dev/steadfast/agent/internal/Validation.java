package dev.steadfast.agent.internal;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/** Bean Validation of tool arguments and outputs, with violations as text a model can act on. */
public final class Validation {
    private Validation() {}

    private static final class Holder {
        // Created on first use: building a factory takes a while, and runs without constraints never need one.
        static final Validator VALIDATOR = create();

        private static Validator create() {
            // No Expression Language on the class path: ParameterMessageInterpolator needs none. Where
            // Hibernate's own log lines go (jboss-logging) is the application's choice, not ours.
            ValidatorFactory factory = jakarta.validation.Validation.byDefaultProvider().configure()
                    .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
            return factory.getValidator();
        }
    }

    /** Violations of {@code value}'s constraints, one line each ({@code path: message}); empty when valid. */
    public static List<String> violations(Object value) {
        if (value == null || isPlain(value.getClass())) {
            return List.of();
        }
        return describe(Holder.VALIDATOR.validate(value));
    }

    /** Violations of a method's parameter constraints (and of each argument's own constraints). */
    public static List<String> violations(Object target, Method method, Object[] args, List<String> names) {
        var out = new ArrayList<String>();
        for (ConstraintViolation<Object> v : sorted(Holder.VALIDATOR.forExecutables().validateParameters(target, method, args))) {
            out.add(paramPath(v.getPropertyPath().toString(), names) + ": " + v.getMessage());
        }
        for (int i = 0; i < args.length; i++) {
            if (names.get(i) == null) {
                continue;
            }
            for (String line : violations(args[i])) {
                out.add(names.get(i) + "." + line);
            }
        }
        return out;
    }

    private static String paramPath(String path, List<String> names) {
        // Hibernate names parameters "method.argN" without -parameters and "method.name" with it.
        int dot = path.indexOf('.');
        String rest = dot < 0 ? path : path.substring(dot + 1);
        if (rest.startsWith("arg")) {
            int end = rest.indexOf('.');
            String idx = end < 0 ? rest.substring(3) : rest.substring(3, end);
            try {
                String name = names.get(Integer.parseInt(idx));
                return name + (end < 0 ? "" : rest.substring(end));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                return rest;
            }
        }
        return rest;
    }

    private static <T> List<String> describe(Set<ConstraintViolation<T>> violations) {
        return sorted(violations).stream()
                .map(v -> (v.getPropertyPath().toString().isEmpty() ? "value" : v.getPropertyPath().toString()) + ": " + v.getMessage())
                .toList();
    }

    private static <T> List<ConstraintViolation<T>> sorted(Set<ConstraintViolation<T>> violations) {
        if (violations.isEmpty()) {
            return List.of(); // the common case, once per tool call: skip the stream
        }
        return violations.stream().sorted(Comparator.comparing(v -> v.getPropertyPath().toString())).toList();
    }

    private static boolean isPlain(Class<?> c) {
        return c.isPrimitive() || c.isEnum() || c.getName().startsWith("java.") || Number.class.isAssignableFrom(c)
                || c == String.class || c == Boolean.class || c.getName().startsWith("com.fasterxml.");
    }
}
