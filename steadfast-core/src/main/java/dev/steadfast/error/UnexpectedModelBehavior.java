package dev.steadfast.error;

import dev.steadfast.SteadfastException;


/** The model kept failing to produce a valid tool call or output within its retry budget. */
public class UnexpectedModelBehavior extends SteadfastException {
    public UnexpectedModelBehavior(String message) {
        super(message);
    }

    public UnexpectedModelBehavior(String message, Throwable cause) {
        super(message, cause);
    }
}
