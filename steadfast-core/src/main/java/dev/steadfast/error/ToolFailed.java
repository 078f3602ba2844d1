package dev.steadfast.error;

import dev.steadfast.SteadfastException;

/**
 * Thrown by a tool to report a failure the model should see and work around: the message goes back
 * as the call's result, marked failed, and the run goes on. Unlike {@code ModelRetry} it asks for
 * no correction and spends no retry budget; unlike any other exception it is not a failed step, so
 * it is neither retried nor the end of the run. Bound repeated failures with usage limits.
 *
 * <pre>{@code
 * @Tool("Save the report")
 * String save(String name, String body) {
 *     if (disk.free() < body.length()) throw new ToolFailed("The disk is full; the report was not saved.");
 *     return disk.write(name, body);
 * }
 * }</pre>
 */
public class ToolFailed extends SteadfastException {
    public ToolFailed(String message) {
        super(message);
    }
}
