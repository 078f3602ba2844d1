package dev.steadfast.agent;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A tool call's step retry policy in durable runs (see {@code dev.steadfast.step.RetryPolicy}).
 * Durations are written {@code "500ms"}, {@code "5s"}, {@code "2m"}, {@code "1h"}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Retry {
    /** Attempts in all, the first included. */
    int maxAttempts() default 3;

    /** The wait before the second attempt. */
    String initialInterval() default "1s";

    /** How much each wait grows. */
    double backoffCoefficient() default 2.0;

    /** The longest wait. */
    String maxInterval() default "60s";

    /** Exceptions that fail at once. */
    Class<? extends Throwable>[] nonRetryable() default {};
}
