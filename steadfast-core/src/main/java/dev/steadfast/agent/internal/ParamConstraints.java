package dev.steadfast.agent.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Negative;
import jakarta.validation.constraints.NegativeOrZero;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.math.BigDecimal;

/**
 * Jakarta constraints on a tool method's parameters, written into the parameter's schema (the
 * schema generator sees the parameter's type, not the annotations on the parameter itself).
 */
final class ParamConstraints {
    private ParamConstraints() {}

    static void apply(Parameter p, ObjectNode schema) {
        boolean array = "array".equals(schema.path("type").asText());
        String min = array ? "minItems" : "minLength";
        String max = array ? "maxItems" : "maxLength";
        for (Annotation a : p.getAnnotations()) {
            switch (a) {
                case Min m -> schema.put("minimum", m.value());
                case Max m -> schema.put("maximum", m.value());
                case DecimalMin m -> schema.put(m.inclusive() ? "minimum" : "exclusiveMinimum", new BigDecimal(m.value()));
                case DecimalMax m -> schema.put(m.inclusive() ? "maximum" : "exclusiveMaximum", new BigDecimal(m.value()));
                case Positive ignored -> schema.put("exclusiveMinimum", 0);
                case PositiveOrZero ignored -> schema.put("minimum", 0);
                case Negative ignored -> schema.put("exclusiveMaximum", 0);
                case NegativeOrZero ignored -> schema.put("maximum", 0);
                case Size s -> {
                    if (s.min() > 0) {
                        schema.put(min, s.min());
                    }
                    if (s.max() < Integer.MAX_VALUE) {
                        schema.put(max, s.max());
                    }
                }
                case NotBlank ignored -> schema.put("minLength", 1);
                case NotEmpty ignored -> schema.put(min, 1);
                case Pattern pat -> schema.put("pattern", pat.regexp());
                case Email ignored -> schema.put("format", "email");
                default -> { }
            }
        }
    }
}
