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
 * <p>How a call can end, and where each ending goes:
 * <ul>
 *   <li>it returns: the value is the model's result;
 *   <li>{@link ModelRetry}, arguments that do not validate, or the call outlasting {@link #timeout()}
 *       ({@code "Timed out after 30 seconds."}): a retry prompt for the model, charged to the tool's
 *       retry budget ({@link #modelRetries()}), which the tool's next success restores;
 *   <li>{@link dev.steadfast.error.ToolFailed}: the message is the result, marked failed; no budget is
 *       spent and the run goes on;
 *   <li>any other exception: a transient fault of the step. The same call is made again under
 *       {@link #retry()} (in durable runs each attempt is recorded); when the attempts are spent the
 *       run fails with {@link dev.steadfast.error.StepFailedException}. The model never sees it.
 * </ul>
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

    /** How a call that throws (other than {@link ModelRetry} and {@code ToolFailed}) is made again, as the same step. */
    Retry retry() default @Retry;

    /**
     * The longest one call may take, e.g. {@code "30s"}, {@code "2m"}; empty for no limit. A call that
     * outlasts it is abandoned (its thread interrupted) and the model is asked to retry.
     */
    String timeout() default "";

    /**
     * How often in a row the model may be asked to fix its calls of this tool (bad arguments,
     * {@link ModelRetry}, a timeout) before the run fails; a success starts the count again.
     * {@code -1} takes the agent's {@code toolRetries}.
     */
    int modelRetries() default -1;
}
