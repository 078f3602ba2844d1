package dev.steadfast.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Describes a {@link Tool} parameter to the model; may also name it (when compiled without {@code -parameters}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Param {
    /** What the parameter means, for the model. */
    String value() default "";

    /** The parameter's name in the schema; defaults to the Java name. */
    String name() default "";
}
