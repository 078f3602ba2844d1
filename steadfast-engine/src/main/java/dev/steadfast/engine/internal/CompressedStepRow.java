package dev.steadfast.engine.internal;

/**
 * A final journal entry as replay reads it, its payload (a completed entry's output, a failed
 * one's error) still compressed: the entry is decompressed only when the code reaches it, or by
 * the journal's reading thread. {@link #decompressed} gives the whole entry.
 */
record CompressedStepRow(StepRow row, byte[] payload) {
    StepRow decompressed() {
        String json = PayloadCompression.decompress(payload);
        return StepRow.outcome(row.seq(), row.name(), row.kind(), row.status(), row.attempts(), json);
    }
}
