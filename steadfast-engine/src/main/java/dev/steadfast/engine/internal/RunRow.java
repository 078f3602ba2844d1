package dev.steadfast.engine.internal;

import dev.steadfast.run.RunStatus;

/** A row of the {@code runs} table; JSON columns as text, times as epoch milliseconds. */
record RunRow(String id, String type, RunStatus status, String input, String output, String error,
              long createdAt, long updatedAt, Long endedAt, long seed, String forkedFrom, boolean cancelRequested) {}
