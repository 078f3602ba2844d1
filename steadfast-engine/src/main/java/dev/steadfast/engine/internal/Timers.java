package dev.steadfast.engine.internal;

import java.util.PriorityQueue;

/**
 * Wakes unloaded runs when their timer is due (a sleep's end, a signal wait's timeout). Timers are
 * rows of the {@code timers} table; this queue only holds those of runs that are not loaded, and
 * firing one re-checks its row, so a stale entry costs a read, never a wrong wake-up. Time is the
 * engine's clock, re-read every tick, so tests that move an injected clock see timers fire.
 */
final class Timers implements AutoCloseable {
    private record Entry(long wakeAt, String runId) {}

    private final EngineRuntime rt;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> Long.compare(a.wakeAt, b.wakeAt));
    private final Thread thread;
    private volatile boolean closed;

    Timers(EngineRuntime rt) {
        this.rt = rt;
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
                long now = rt.now();
                if (head != null && head.wakeAt <= now) {
                    due = queue.poll();
                } else {
                    long wait = head == null ? EngineRuntime.TICK_MILLIS * 5 : Math.min(head.wakeAt - now, EngineRuntime.TICK_MILLIS);
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
            Long wakeAt = rt.store.read(db -> Tables.timer(db, e.runId).orElse(null));
            if (wakeAt != null && wakeAt <= rt.now()) {
                rt.resume(e.runId);
            } else if (wakeAt != null) {
                schedule(e.runId, wakeAt);
            }
        } catch (RuntimeException ex) {
            if (!closed) {
                schedule(e.runId, rt.now() + 1_000); // the store is busy or failing: try again soon
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
