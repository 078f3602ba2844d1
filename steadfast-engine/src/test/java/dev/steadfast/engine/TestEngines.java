package dev.steadfast.engine;

import dev.steadfast.workflow.RunInfo;
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
        long deadline = System.nanoTime() + WAIT.toNanos();
        RunInfo info = engine.describe(id);
        while (!condition.test(info)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + id + " never reached the expected state; last: " + info);
            }
            sleep(10);
            info = engine.describe(id);
        }
        return info;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
