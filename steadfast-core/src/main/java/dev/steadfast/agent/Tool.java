package dev.steadfast.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a tool the model may call. Parameters become the tool's JSON schema (names from
 * {@code -parameters}, descriptions from {@link Param}); a {@link RunContext} parameter is injected,
 * not offered to the model. The return value (any Jackson-serializable value) goes back to the model.
 *
 * <pre>{@code
 * @Tool(value = "Send the report by e-mail", requiresApproval = true,
 *       retry = @Retry(maxAttempts = 3, initialInterval = "5s"), timeout = "30s")
 * String email(String to, String body) { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tool {
    /** What the tool does, for the model. */
    String value();

    /** The tool's name; defaults to the method's name. */
    String name() default "";

    /** Whether a human must approve each call before it runs. */
    boolean requiresApproval() default false;

    /** How a failing call is retried as a step (the same call repeated) in a durable run. */
    Retry retry() default @Retry;

    /** The longest one call may take, e.g. {@code "30s"}, {@code "2m"}; empty for no limit. */
    String timeout() default "";

    /**
     * How often in a row the model may be asked to fix its calls of this tool (bad arguments,
     * {@link ModelRetry}, a timeout) before the run fails; a success starts the count again.
     * {@code -1} takes the agent's {@code toolRetries}.
     */
    int modelRetries() default -1;
}
