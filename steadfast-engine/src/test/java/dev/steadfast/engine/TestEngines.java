package dev.steadfast.engine;

import dev.steadfast.testing.Runs;
import dev.steadfast.run.RunInfo;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Helpers shared by the engine's own tests. */
final class TestEngines {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    private TestEngines() {}

    static int count(String key) {
        return COUNTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    static int counted(String key) {
        AtomicInteger n = COUNTS.get(key);
        return n == null ? 0 : n.get();
    }

    static RunInfo awaitRun(WorkflowEngine engine, String id, Predicate<RunInfo> condition) {
        return Runs.await(engine, id, condition, WAIT);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
