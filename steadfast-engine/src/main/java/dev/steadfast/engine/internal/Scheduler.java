package dev.steadfast.engine.internal;

import dev.steadfast.schedule.CatchUpPolicy;
import dev.steadfast.schedule.OverlapPolicy;
import dev.steadfast.schedule.Schedule;
import dev.steadfast.schedule.ScheduleSpec;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the schedules of the file this engine owns. One thread looks every {@link #TICK_MILLIS} for rows
 * due by the engine's clock (one indexed query) and fires each due slot in one transaction: the slot's run
 * (id {@code <schedule>-<slot>}, so a slot starts at most one run) is inserted and the schedule's cursor
 * moves on, both or neither, also across a crash. Slots that passed while no engine ran (or while paused)
 * are handled once, on open or resume, by the schedule's {@link CatchUpPolicy}.
 */
final class Scheduler implements AutoCloseable {
    /** How often due schedules are looked for: a slot's run starts within about this of its time. */
    static final long TICK_MILLIS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final EngineRuntime rt;
    private final RunStarts starts;
    private final Thread thread;
    private volatile boolean closed;

    Scheduler(EngineRuntime rt, RunStarts starts) {
        this.rt = rt;
        this.starts = starts;
        this.thread = Thread.ofPlatform().daemon().name("steadfast-scheduler").unstarted(this::loop);
    }

    /** Catches up on every schedule's missed slots, then fires slots as they come. */
    void start() {
        for (ScheduleTable.Row r : rt.store.read(ScheduleTable::all)) {
            if (!r.paused()) {
                long now = rt.now();
                rt.writer.write(db -> catchUp(db, rt.codec, r.id(), now));
            }
        }
        thread.start();
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(TICK_MILLIS);
                tick();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | EngineClosedError e) {
                if (!closed) {
                    LOG.warn("Could not fire the due schedules; trying again", e);
                }
            }
        }
    }

    /** Fires every due slot (one per schedule and call; a schedule late by several slots fires them on later calls). */
    void tick() {
        long now = rt.now();
        for (ScheduleTable.Row r : rt.store.read(db -> ScheduleTable.due(db, now))) {
            try {
                fire(r, now);
            } catch (RuntimeException e) { // one schedule that cannot fire does not hold up the others
                if (!closed) {
                    LOG.warn("Could not fire schedule '{}'; trying again at the next tick", r.id(), e);
                }
            }
        }
    }

    /** Fires what is due of {@code r}: its buffered slot once its last run ended, and its next slot once due. */
    private void fire(ScheduleTable.Row r, long now) {
        Schedule s = r.schedule(rt.codec);
        boolean lastRunning = lastRunning(r);
        if (r.bufferedSlot() != null && !lastRunning) {
            Long buffered = r.bufferedSlot();
            RunStarts.Pending p = prepare(r, buffered);
            commit(r, p, r.nextSlot(), r.fireAt(), r.lastSlot(), p.row().id(), null);
            return; // the next slot, if due, fires on the next tick against the run just started
        }
        if (r.fireAt() == null || r.fireAt() > now) {
            return;
        }
        long slot = r.nextSlot();
        Long next = next(r.spec(), slot);
        Long fireAt = ScheduleTable.fireAt(s, next);
        boolean starts = switch (r.overlap()) {
            case ALLOW_ALL -> true;
            case SKIP, BUFFER_ONE -> !lastRunning;
        };
        if (starts) {
            RunStarts.Pending p = prepare(r, slot);
            commit(r, p, next, fireAt, slot, p.row().id(), r.bufferedSlot());
        } else {
            Long buffered = r.overlap() == OverlapPolicy.BUFFER_ONE && r.bufferedSlot() == null
                    ? Long.valueOf(slot)
                    : r.bufferedSlot(); // SKIP, or one is buffered already: this slot starts nothing
            commit(r, null, next, fireAt, slot, r.lastRunId(), buffered);
        }
    }

    private boolean lastRunning(ScheduleTable.Row r) {
        if (r.lastRunId() == null) {
            return false;
        }
        return rt.store
                .read(db -> Tables.run(db, r.lastRunId()))
                .map(run -> !run.status().isTerminal())
                .orElse(false);
    }

    private RunStarts.Pending prepare(ScheduleTable.Row r, long slot) {
        return starts.prepare(r.type(), Schedule.runId(r.id(), Instant.ofEpochMilli(slot)), r.input());
    }

    /**
     * In one transaction: moves the cursor of {@code r} if it is still at the version read, and only then
     * inserts the run {@code p} (if any); after the commit, launches the run.
     */
    private void commit(
            ScheduleTable.Row r, RunStarts.Pending p, Long next, Long fireAt, Long lastSlot, String lastRun, Long buf) {
        var inserted = new AtomicBoolean();
        rt.writer.write(db -> {
            if (ScheduleTable.advance(db, r, next, fireAt, lastSlot, lastRun, buf) && p != null) {
                inserted.set(RunStarts.insert(db, p, r.actor()));
            }
        });
        if (inserted.get()) {
            starts.launch(p);
        }
    }

    /**
     * Moves the cursor of schedule {@code id} past the slots that passed by {@code now} (while no engine ran it, or
     * while it was paused): {@link CatchUpPolicy#SKIP_MISSED} to the first slot after now, {@link
     * CatchUpPolicy#RUN_ONCE} to the latest passed slot, which then fires as any due slot does. Inside a write.
     */
    static void catchUp(SqlConnection db, Codec codec, String id, long now) throws java.sql.SQLException {
        ScheduleTable.Row r = ScheduleTable.get(db, id).orElse(null);
        if (r == null || r.nextSlot() == null || r.nextSlot() > now) {
            return;
        }
        Long target = switch (r.catchUp()) {
            case SKIP_MISSED -> next(r.spec(), now);
            case RUN_ONCE -> latestPassed(r.spec(), r.nextSlot(), now);
        };
        Schedule s = r.schedule(codec);
        ScheduleTable.advance(
                db, r, target, ScheduleTable.fireAt(s, target), r.lastSlot(), r.lastRunId(), r.bufferedSlot());
    }

    /** The first slot of {@code spec} after {@code after}, or {@code null} when it has none left. */
    static Long next(ScheduleSpec spec, long after) {
        return spec.next(Instant.ofEpochMilli(after)).map(Instant::toEpochMilli).orElse(null);
    }

    /** The last slot at or before {@code now}, starting from slot {@code from} (which is one). */
    static long latestPassed(ScheduleSpec spec, long from, long now) {
        if (spec instanceof ScheduleSpec.Interval i) {
            long period = i.every().toMillis();
            return from + Math.floorDiv(now - from, period) * period;
        }
        long latest = from;
        for (Long n = next(spec, from); n != null && n <= now; n = next(spec, n)) {
            latest = n;
        }
        return latest;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
