package dev.steadfast.engine;

import static java.util.Objects.requireNonNull;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentDeps;
import dev.steadfast.engine.internal.EmbeddedWorkflowEngine;
import dev.steadfast.workflow.AgentWorkflow;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded durable engine: workflows whose steps survive crashes, with all state in one
 * SQLite file (WAL mode). Each step's result is recorded before workflow code sees it; after a
 * crash, {@link Builder#build()} resumes every run that was running by replaying its journal,
 * re-arms due timers, and leaves waiting runs waiting. One engine owns a file at a time, whatever
 * name it is opened by (a symlink, a bind mount); a file with several hard links is refused. When
 * the disk fills up or fails, runs wait (they stay {@code RUNNING}) and the engine writes again by
 * itself once the fault clears; the log says what it waits for.
 *
 * <pre>{@code
 * try (WorkflowEngine engine = EmbeddedEngine.builder()
 *         .database(Path.of("steadfast.db"))
 *         .register(new ApprovalWorkflow())
 *         .build()) {
 *     WorkflowHandle<Outcome> h = engine.start(ApprovalWorkflow.class, "req-42", request);
 *     engine.signal("req-42", "approval", new Approval(true, "ok"));
 *     Outcome o = h.result(Duration.ofMinutes(5));
 * }
 * }</pre>
 */
public final class EmbeddedEngine {
    /** Default limit on one stored value: 2 MiB of JSON. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;

    /** How hard each commit is pushed to disk. */
    public enum Synchronous {
        /** fsync on every commit: a committed step survives a power loss. The default. */
        FULL,
        /**
         * fsync at WAL checkpoints only (about every 1,000 pages written). A crash of the process loses
         * nothing, but a power loss or an operating-system crash loses every commit since the last
         * checkpoint: steps whose results workflow code already saw run again after the restart (with the
         * same idempotency keys), and runs started since then may be gone. The file stays consistent.
         * Several times faster per step; for work that can be redone.
         */
        NORMAL
    }

    /**
     * What an engine may do with its file. Only an {@link #OWNER} executes runs; the other two let a
     * tool look at (or steer) runs of workflows it does not have, without running or marking them.
     */
    public enum Access {
        /** Locks the file, resumes its runs on {@code build()} and executes them. The default. */
        OWNER,
        /**
         * Records starts, signals, approvals, cancels and forks, but executes no run and resumes none on
         * {@code build()}. It takes no lock, so it steers while another process owns the file: that owner
         * acts on what was recorded within about 50 ms, or the next {@link #OWNER} to open the file does.
         * The file must exist.
         */
        STEER_ONLY,
        /**
         * Takes no lock and writes nothing: {@code describe}, {@code list}, {@code history} and {@code handle}
         * work while another process owns the file; the steering methods throw {@link IllegalStateException}.
         * The file must exist.
         */
        READ_ONLY
    }

    private EmbeddedEngine() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Configures and opens an embedded engine. */
    public static final class Builder {
        private Path database;
        private Synchronous synchronous = Synchronous.FULL;
        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private Clock clock = Clock.systemUTC();
        private Duration unloadAfter = Duration.ofSeconds(1);
        private Access access = Access.OWNER;
        private String actor = System.getProperty("user.name", "unknown");
        private final List<Workflow<?, ?>> workflows = new ArrayList<>();

        private Builder() {}

        /** The database file (created if missing, with its directory). Required. */
        public Builder database(Path v) {
            database = requireNonNull(v, "database");
            return this;
        }

        /** Commit durability. Default {@link Synchronous#FULL}. */
        public Builder synchronous(Synchronous v) {
            synchronous = requireNonNull(v, "synchronous");
            return this;
        }

        /**
         * The largest step result, input, output or signal payload, in bytes of JSON; a bigger one fails its
         * step or run with {@link dev.steadfast.error.PayloadTooLargeException}. Default 2 MiB, as on Temporal,
         * so a workflow that runs here also fits there.
         */
        public Builder maxPayloadBytes(long v) {
            if (v < 1024 || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxPayloadBytes must be between 1024 and " + Integer.MAX_VALUE
                        + " but was " + v);
            }
            maxPayloadBytes = (int) v;
            return this;
        }

        /** The clock for timestamps, timers and {@code ctx.now()}. Default {@link Clock#systemUTC()}; tests inject one. */
        public Builder clock(Clock v) {
            clock = requireNonNull(v, "clock");
            return this;
        }

        /**
         * How long a waiting run keeps its thread before it is unloaded (and re-entered by replay
         * when it wakes). Default 1 s.
         */
        public Builder unloadAfter(Duration v) {
            if (v == null || v.isNegative()) {
                throw new IllegalArgumentException("unloadAfter must be >= 0 but was " + v);
            }
            unloadAfter = v;
            return this;
        }

        /** What this engine may do with the file. Default {@link Access#OWNER}. */
        public Builder access(Access v) {
            access = requireNonNull(v, "access");
            return this;
        }

        /**
         * Who steers through this engine, recorded with each decision it records (approve, deny, signal,
         * cancel, start, fork; see {@link dev.steadfast.run.Decision}). Default: the OS user
         * ({@code user.name}).
         */
        public Builder actor(String v) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("actor must not be blank but was '" + v + "'");
            }
            actor = v.strip();
            return this;
        }

        /** Workflows this engine runs, by their {@link Workflow#name()}. */
        public Builder register(Workflow<?, ?>... v) {
            for (Workflow<?, ?> w : v) {
                workflows.add(requireNonNull(w, "workflow"));
            }
            return this;
        }

        /**
         * Agents this engine runs as workflows of their own ({@code engine.start(agent, id, prompt)}),
         * by their names. Agents called from inside a registered workflow need no registration.
         */
        public Builder register(Agent<?, ?>... v) {
            for (Agent<?, ?> a : v) {
                workflows.add(new AgentWorkflow<>(requireNonNull(a, "agent")));
            }
            return this;
        }

        /**
         * An agent this engine runs as a workflow of its own, with {@code deps} giving each run its
         * dependencies ({@code RunContext.deps()} in its tools), looked up by the run's id.
         */
        public <D> Builder register(Agent<D, ?> agent, AgentDeps<D> deps) {
            workflows.add(new AgentWorkflow<>(requireNonNull(agent, "agent"), requireNonNull(deps, "deps")));
            return this;
        }

        /** Opens the database (locking it, unless {@link Access#READ_ONLY}), and resumes its runs (if {@link Access#OWNER}). */
        public WorkflowEngine build() {
            if (database == null) {
                throw new IllegalStateException("database is required: EmbeddedEngine.builder().database(Path.of(\"steadfast.db\"))");
            }
            return new EmbeddedWorkflowEngine(database, synchronous == Synchronous.FULL, maxPayloadBytes, clock,
                    unloadAfter, workflows, access, actor);
        }
    }
}
