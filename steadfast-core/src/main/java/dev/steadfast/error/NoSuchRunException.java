package dev.steadfast.error;

import dev.steadfast.SteadfastException;


/** No run with that id exists in this engine. */
public class NoSuchRunException extends SteadfastException {
    public NoSuchRunException(String workflowId, String where) {
        super("No run '" + workflowId + "' in " + where);
    }
}
