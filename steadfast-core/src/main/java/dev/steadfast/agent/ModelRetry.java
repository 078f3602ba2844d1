package dev.steadfast.agent;

import dev.steadfast.SteadfastException;

/**
 * Thrown by a tool or an output validator to ask the model to try again; the message is sent to
 * the model as a retry prompt.
 *
 * <pre>{@code
 * if (results.isEmpty()) throw new ModelRetry("No results for '" + query + "'; try a broader query.");
 * }</pre>
 */
public class ModelRetry extends SteadfastException {
    public ModelRetry(String message) {
        super(message);
    }
}
