package dev.steadfast.engine.internal;

import java.time.Clock;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Wakes unloaded runs when their timer is due (a sleep's end, a signal wait's timeout). Timers are
 * rows of the {@code timers} table; this queue only holds those of runs that are not loaded, and
 * firing one re-checks its row, so a stale entry costs a read, never a wrong wake-up. Time is the
 * engine's clock, re-read every tick, so tests that move an injected clock see timers fire.
 */
final class Timers implements AutoCloseable {
    /** How often a parked thread re-reads the clock, so an injected clock that jumps is noticed. */
    static final long TICK_MILLIS = 20;

    private record Entry(long wakeAt, String runId) {}

    private final SqliteStore store;
    private final Clock clock;
    /** Wakes or loads the run of that id (the engine's resume). */
    private final Consumer<String> wake;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> Long.compare(a.wakeAt, b.wakeAt));
    private final Thread thread;
    private volatile boolean closed;

    Timers(SqliteStore store, Clock clock, Consumer<String> wake) {
        this.store = store;
        this.clock = clock;
        this.wake = wake;
        this.thread = Thread.ofPlatform().daemon().name("steadfast-timers").unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    void schedule(String runId, long wakeAt) {
        synchronized (queue) {
            queue.add(new Entry(wakeAt, runId));
            queue.notifyAll();
        }
    }

    private void loop() {
        while (!closed) {
            Entry due = null;
            synchronized (queue) {
                Entry head = queue.peek();
                long now = clock.millis();
                if (head != null && head.wakeAt <= now) {
                    due = queue.poll();
                } else {
                    long wait = head == null ? TICK_MILLIS * 5 : Math.min(head.wakeAt - now, TICK_MILLIS);
                    try {
                        queue.wait(Math.max(1, wait));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            if (due != null) {
                fire(due);
            }
        }
    }

    private void fire(Entry e) {
        try {
            Long wakeAt = store.read(db -> Tables.timer(db, e.runId).orElse(null));
            if (wakeAt != null && wakeAt <= clock.millis()) {
                wake.accept(e.runId);
            } else if (wakeAt != null) {
                schedule(e.runId, wakeAt);
            }
        } catch (RuntimeException ex) {
            if (!closed) {
                schedule(e.runId, clock.millis() + 1_000); // the store is busy or failing: try again soon
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
