package dev.steadfast.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.steadfast.schedule.NoSuchScheduleException;
import dev.steadfast.schedule.Schedule;
import dev.steadfast.schedule.ScheduleInfo;
import dev.steadfast.schedule.Schedules;
import dev.steadfast.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded engine's {@link Schedules}: rows of the {@code schedules} table, fired by the {@link Scheduler}
 * of the engine that owns the file. Any process may create, pause, resume, trigger or delete; the owner sees
 * the change at its next tick.
 */
public final class EmbeddedSchedules implements Schedules {
    private final EngineRuntime rt;
    private final RunStarts starts;
    private final Runnable checkOpen;
    private final Scheduler scheduler;

    EmbeddedSchedules(EngineRuntime rt, RunStarts starts, Runnable checkOpen, boolean owner) {
        this.rt = rt;
        this.starts = starts;
        this.checkOpen = checkOpen;
        this.scheduler = owner ? new Scheduler(rt, starts) : null;
    }

    void start() {
        if (scheduler != null) {
            scheduler.start();
        }
    }

    /** The scheduler of an owning engine (tests fire due slots with {@code tick()}), or {@code null}. */
    Scheduler scheduler() {
        return scheduler;
    }

    EngineRuntime runtime() {
        return rt;
    }

    @Override
    public ScheduleInfo create(Schedule schedule) {
        requireNonNull(schedule, "schedule");
        checkOpen.run();
        String json = inputJson(schedule);
        long now = rt.now();
        Long first = Scheduler.next(schedule.spec(), now);
        var inserted = new AtomicBoolean();
        rt.apiWrite(db -> inserted.set(ScheduleTable.insert(db, schedule, json, first, now)));
        if (!inserted.get()) {
            throw new IllegalStateException("Schedule '" + schedule.id() + "' exists in " + rt.dbName
                    + "; delete it first to change it, or choose another id.");
        }
        return describe(schedule.id());
    }

    /** The input as JSON, checked against the workflow's input type when this process has the workflow. */
    private String inputJson(Schedule s) {
        String json = rt.codec.encode(s.input(), "The input of schedule '" + s.id() + "'");
        Workflow<?, ?> w = rt.workflows.get(s.workflowType());
        if (w == null && scheduler != null) {
            throw new IllegalArgumentException("Schedule '" + s.id() + "' starts workflow '" + s.workflowType()
                    + "', which is not registered with this engine; registered: " + rt.workflows.keySet());
        }
        if (w != null) {
            String why = rt.codec.misfit(json, w.inputType());
            if (why != null) {
                throw new IllegalArgumentException("The input of schedule '" + s.id() + "' must convert to "
                        + w.inputType().getTypeName() + ": " + why);
            }
        }
        return json;
    }

    @Override
    public List<ScheduleInfo> list() {
        return rt.store.read(db -> {
            var out = new ArrayList<ScheduleInfo>();
            for (ScheduleTable.Row r : ScheduleTable.all(db)) {
                out.add(info(r, ScheduleTable.recentRuns(db, r.id(), ScheduleInfo.RECENT_RUNS)));
            }
            return out;
        });
    }

    @Override
    public ScheduleInfo describe(String scheduleId) {
        ScheduleTable.Row r = row(scheduleId);
        return info(r, rt.store.read(db -> ScheduleTable.recentRuns(db, r.id(), ScheduleInfo.RECENT_RUNS)));
    }

    private ScheduleInfo info(ScheduleTable.Row r, List<String> recent) {
        Instant next = r.paused() || r.nextSlot() == null ? null : Instant.ofEpochMilli(r.nextSlot());
        Instant last = r.lastSlot() == null ? null : Instant.ofEpochMilli(r.lastSlot());
        return new ScheduleInfo(r.schedule(rt.codec), next, last, recent);
    }

    private ScheduleTable.Row row(String scheduleId) {
        requireNonNull(scheduleId, "scheduleId");
        return rt.store
                .read(db -> ScheduleTable.get(db, scheduleId))
                .orElseThrow(() -> new NoSuchScheduleException(scheduleId, rt.dbName));
    }

    @Override
    public void pause(String scheduleId) {
        checkOpen.run();
        var changed = new AtomicBoolean();
        rt.apiWrite(db -> changed.set(ScheduleTable.setPaused(db, scheduleId, true)));
        if (!changed.get()) {
            throw new NoSuchScheduleException(scheduleId, rt.dbName);
        }
    }

    /** Un-pauses and, in the same write, moves the cursor past the slots missed meanwhile, in any process. */
    @Override
    public void resume(String scheduleId) {
        checkOpen.run();
        long now = rt.now();
        var changed = new AtomicBoolean();
        rt.apiWrite(db -> {
            if (ScheduleTable.setPaused(db, scheduleId, false)) {
                Scheduler.catchUp(db, rt.codec, scheduleId, now);
                changed.set(true);
            }
        });
        if (!changed.get()) {
            throw new NoSuchScheduleException(scheduleId, rt.dbName);
        }
    }

    @Override
    public String trigger(String scheduleId) {
        checkOpen.run();
        ScheduleTable.Row r = row(scheduleId);
        RunStarts.Pending p =
                starts.prepare(r.type(), Schedule.runId(r.id(), Instant.ofEpochMilli(rt.now())), r.input());
        var inserted = new AtomicBoolean();
        rt.apiWrite(db -> inserted.set(RunStarts.insert(db, p, r.actor())));
        if (!inserted.get()) {
            throw new IllegalStateException("Schedule '" + scheduleId + "' was triggered twice in one millisecond;"
                    + " run '" + p.row().id() + "' is the one it started.");
        }
        starts.launch(p);
        return p.row().id();
    }

    @Override
    public void delete(String scheduleId) {
        checkOpen.run();
        var deleted = new AtomicBoolean();
        rt.apiWrite(db -> deleted.set(ScheduleTable.delete(db, scheduleId)));
        if (!deleted.get()) {
            throw new NoSuchScheduleException(scheduleId, rt.dbName);
        }
    }

    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
    }
}
