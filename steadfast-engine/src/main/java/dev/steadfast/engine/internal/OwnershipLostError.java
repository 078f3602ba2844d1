package dev.steadfast.engine.internal;

/**
 * Thrown into a workflow thread whose engine lost the database to another owner (see
 * {@link OwnerFence}): like {@link EngineClosedError}, the run stops where it is, records nothing,
 * and lives on as rows, which the new owner resumes.
 */
final class OwnershipLostError extends EngineClosedError {
    OwnershipLostError(String dbName, String holder) {
        super("The engine on " + dbName + " lost ownership of the file: another engine (" + holder + ") has"
                + " opened it since, so this one stopped and committed nothing more. Its runs go on in that engine."
                + " This happens when this engine's lock is dropped, for example when this process opens and closes"
                + " the database file through another handle; close this engine.", null);
    }
}
