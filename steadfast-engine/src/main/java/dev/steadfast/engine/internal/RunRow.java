package dev.steadfast.engine.internal;

import dev.steadfast.run.RunStatus;

/**
 * A row of the {@code runs} table; JSON columns as text, times as epoch milliseconds. {@code parentId}
 * is the run that started this one as a child run ({@code ctx.run(agent, ..)}, a delegate tool), or
 * {@code null}.
 */
record RunRow(
        String id,
        String type,
        RunStatus status,
        String input,
        String output,
        String error,
        long createdAt,
        long updatedAt,
        Long endedAt,
        long seed,
        String forkedFrom,
        boolean cancelRequested,
        String parentId) {
    /** A run that is no one's child. */
    RunRow(
            String id,
            String type,
            RunStatus status,
            String input,
            String output,
            String error,
            long createdAt,
            long updatedAt,
            Long endedAt,
            long seed,
            String forkedFrom,
            boolean cancelRequested) {
        this(
                id,
                type,
                status,
                input,
                output,
                error,
                createdAt,
                updatedAt,
                endedAt,
                seed,
                forkedFrom,
                cancelRequested,
                null);
    }
}
