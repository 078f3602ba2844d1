package dev.steadfast.engine.internal;

import dev.steadfast.stream.internal.LiveHub;
import dev.steadfast.workflow.Workflow;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What every part of a running engine shares: the store, the codec, the clock, the registered
 * workflows, and the table of loaded runs. A run is loaded (has a thread) or it is only rows;
 * moving between the two happens under the run's stripe lock, so a signal can never slip between
 * a run's last check and its unloading.
 */
final class EngineRuntime {
    final SqliteStore store;
    final GroupCommitWriter writer;
    final Codec codec;
    final Clock clock;
    final Duration unloadAfter;
    final Map<String, Workflow<?, ?>> workflows;
    final String dbName;
    final Timers timers;
    /** The runs' streaming model steps, for {@code events} followers; memory only, never journaled. */
    final LiveHub streams = new LiveHub();

    final RunTraces traces = new RunTraces();
    private final Map<String, RunSlot> loaded = new ConcurrentHashMap<>();
    /** The code of child runs, by id, as their parents' executions in this process handed it over ({@link Children}). */
    final Map<String, java.util.concurrent.Callable<?>> childBodies = new ConcurrentHashMap<>();
    /** Threads running a step body apart from their run's thread (steps with a timeout), until the body returns. */
    private final Set<Thread> bodies = ConcurrentHashMap.newKeySet();

    private final Object[] stripes = new Object[64];
    /** Callers of {@code result()} waiting for a run to end, by run id. */
    private final Map<String, RunEnd> endWaits = new ConcurrentHashMap<>();
    /** Starts a loaded run's thread (the run executor's {@code launch}); set once, after construction. */
    private volatile Consumer<RunSlot> launcher;

    private volatile boolean executes = true;
    private volatile boolean closed;

    EngineRuntime(
            SqliteStore store, Codec codec, Clock clock, Duration unloadAfter, Map<String, Workflow<?, ?>> workflows) {
        this.store = store;
        this.writer = store.writer();
        this.codec = codec;
        this.clock = clock;
        this.unloadAfter = unloadAfter;
        this.workflows = Map.copyOf(workflows);
        this.dbName = store.file().toString();
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
        this.timers = new Timers(store, clock, this::resume);
    }

    /**
     * A write made for a caller of the engine (start, signal, cancel, fork, a decision), not for a run: a closed
     * engine or one that lost the file is an {@link IllegalStateException} to the caller, not the {@link Error} a
     * run stops on.
     */
    void apiWrite(GroupCommitWriter.Write write) {
        try {
            writer.write(write);
        } catch (EngineClosedError e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    /**
     * Sets what starts the thread of each run this loads. Set after construction: the executor needs
     * this runtime, and this runtime knows the executor only as this callback.
     */
    void launchWith(Consumer<RunSlot> launch) {
        launcher = launch;
    }

    /** Turns run execution off: {@link #resume} then does nothing, and runs live on as rows for their owner. */
    void executeNothing() {
        executes = false;
    }

    long now() {
        return clock.millis();
    }

    private Object stripe(String runId) {
        return stripes[Math.floorMod(runId.hashCode(), stripes.length)];
    }

    /** Wakes a loaded run, or loads it (a new thread that replays it). */
    void resume(String runId) {
        resume(runId, null);
    }

    /**
     * Loads the run {@code started} that was just inserted, with no journal yet: its thread need not
     * read back what {@code start} wrote. Returns where the run leaves how it ended
     * ({@link RunSlot#endForHandle}), or {@code null} when it was not loaded here.
     */
    AtomicReference<RunEnd.Ended> start(RunRow started) {
        RunSlot slot = resume(started.id(), started);
        return slot == null ? null : slot.endForHandle();
    }

    /** The slot this call loaded, or {@code null} (already loaded, closed, or executing nothing). */
    private RunSlot resume(String runId, RunRow started) {
        if (!executes) {
            return null;
        }
        RunSlot fresh;
        synchronized (stripe(runId)) {
            RunSlot slot = loaded.get(runId);
            if (slot != null) {
                slot.poke();
                return null;
            }
            if (closed) {
                return null;
            }
            fresh = new RunSlot(runId, started);
            loaded.put(runId, fresh);
        }
        launcher.accept(fresh);
        return fresh;
    }

    /** The loaded run's slot, or {@code null}. */
    RunSlot slot(String runId) {
        return loaded.get(runId);
    }

    /**
     * Unloads a waiting run unless something arrived for it: {@code wakeable} is checked under the
     * stripe lock, where every signal's poke is taken too.
     */
    boolean tryUnload(RunSlot slot, BooleanSupplier wakeable) {
        synchronized (stripe(slot.runId())) {
            if (slot.isPoked() || wakeable.getAsBoolean()) {
                return false;
            }
            loaded.remove(slot.runId(), slot);
            return true;
        }
    }

    /** The run's thread is ending. */
    void released(RunSlot slot) {
        synchronized (stripe(slot.runId())) {
            loaded.remove(slot.runId(), slot);
        }
    }

    /** Runs {@code action} under the run's stripe lock (signal delivery, cancel). */
    void locked(String runId, Runnable action) {
        synchronized (stripe(runId)) {
            action.run();
        }
    }

    /**
     * Clears the calling workflow thread's interrupt flag, then checks that the engine is open. The
     * engine interrupts a run's thread only when it closes (after marking itself closed), so an
     * interrupt seen while it is open came from elsewhere (workflow code that kept a flag set, a
     * library): it must neither fail the run nor make its waits spin; it is dropped here.
     */
    void clearInterrupt() {
        Thread.interrupted();
        checkOpen();
    }

    void checkOpen() {
        if (closed) {
            throw new EngineClosedError(dbName);
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Tells whoever waits on what {@link #runEnd} gave out for run {@code runId} how it ended (durably). */
    void runEnded(String runId, RunEnd.Ended how) {
        streams.changed(runId, 0);
        RunEnd waiting = endWaits.remove(runId);
        if (waiting != null) {
            waiting.end(how);
        }
    }

    /**
     * Where a caller waits for run {@code runId} to end: take it before reading the run's status,
     * then await it, so an end between the read and the wait is not missed. Each
     * waiter wakes only for its own run (not for every run that ends).
     */
    RunEnd runEnd(String runId) {
        return endWaits.computeIfAbsent(runId, id -> new RunEnd());
    }

    /** Drops {@code end} (from {@link #runEnd}) once its run is seen ended: it will not be counted down. */
    void forgetRunEnd(String runId, RunEnd end) {
        endWaits.remove(runId, end);
    }

    /** Stops new loads and wakes every loaded run so it sees the engine closed. */
    void close() {
        closed = true;
        timers.close();
        for (RunSlot slot : loaded.values()) {
            slot.poke();
            Thread t = slot.thread();
            if (t != null) {
                t.interrupt();
            }
        }
    }

    /**
     * Starts {@code body} on a virtual thread of its own, known to this runtime until it returns: the
     * engine keeps the file while any step body still runs ({@link #liveThreads}).
     */
    Thread startBody(String name, Runnable body) {
        return Thread.ofVirtual().name(name).start(() -> {
            bodies.add(Thread.currentThread());
            try {
                body.run();
            } finally {
                bodies.remove(Thread.currentThread());
            }
        });
    }

    /** The run threads and step-body threads still alive. */
    List<Thread> liveThreads() {
        var live = new ArrayList<Thread>();
        for (RunSlot slot : loaded.values()) {
            Thread t = slot.thread();
            if (t != null && t.isAlive()) {
                live.add(t);
            }
        }
        bodies.stream().filter(Thread::isAlive).forEach(live::add);
        return live;
    }

    /** Waits (bounded) for loaded runs' threads to end. */
    void awaitThreads(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (RunSlot slot : loaded.values()) {
            Thread t = slot.thread();
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (t != null && left > 0) {
                try {
                    t.join(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
