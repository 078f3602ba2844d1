package dev.steadfast.engine.internal;

/** {@link GroupCommitWriterTest}'s tests on the writer of a NORMAL engine, which leaves syncing to SQLite's checkpoints. */
class GroupCommitWriterNormalTest extends GroupCommitWriterTest {
    @Override
    boolean syncsItself() {
        return false;
    }
}
