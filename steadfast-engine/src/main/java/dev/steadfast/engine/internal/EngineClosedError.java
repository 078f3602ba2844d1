package dev.steadfast.engine.internal;

/**
 * Thrown into a workflow thread whose engine was closed under it. An {@link Error} so that
 * workflow code's {@code catch (Exception e)} does not swallow it: the run must stop where it is,
 * recording nothing, and resume when an engine opens the database again.
 */
class EngineClosedError extends Unwind {
    EngineClosedError(String dbName) {
        this("The engine on " + dbName + " was closed; the run resumes when an engine opens it again.", null);
    }

    /** A subclass's own message. */
    EngineClosedError(String message, Throwable cause) {
        super(message, cause);
    }
}
