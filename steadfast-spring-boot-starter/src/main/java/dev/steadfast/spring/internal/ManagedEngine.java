package dev.steadfast.spring.internal;

import static java.util.Objects.requireNonNull;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.ReplayReport;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.StepRecord;
import dev.steadfast.schedule.Schedules;
import dev.steadfast.stream.EventStream;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.WorkflowHandle;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The application's {@link WorkflowEngine} bean: opened when the application context starts (after every agent and
 * workflow bean exists, so recovery resumes runs with all their code registered), closed when it stops. It starts
 * before the web server takes requests and stops after the server stopped taking them, so a request never meets a
 * closed engine in a graceful shutdown. Calls before the start (from a bean's constructor, say) fail with a message
 * that says so.
 */
public final class ManagedEngine implements WorkflowEngine, SmartLifecycle {
    /** Before the web server (Boot's web server lifecycles run at {@code DEFAULT_PHASE - 1024}). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private static final Logger LOG = LoggerFactory.getLogger(ManagedEngine.class);

    private final Supplier<WorkflowEngine> opener;
    private final String where;
    private volatile WorkflowEngine engine;

    /**
     * @param opener builds and opens the engine (registering the context's agents and workflows)
     * @param where where the engine keeps its runs, for logs and health (never a secret)
     */
    public ManagedEngine(Supplier<WorkflowEngine> opener, String where) {
        this.opener = requireNonNull(opener, "opener");
        this.where = requireNonNull(where, "where");
    }

    /** Where the engine keeps its runs: the database file, or the Temporal target and namespace. */
    public String where() {
        return where;
    }

    /** The open engine, or {@code null} while the context is not started. */
    public WorkflowEngine delegate() {
        return engine;
    }

    @Override
    public synchronized void start() {
        if (engine == null) {
            engine = opener.get();
            LOG.info("Steadfast engine open on {}", where);
        }
    }

    @Override
    public synchronized void stop() {
        WorkflowEngine e = engine;
        engine = null;
        if (e != null) {
            e.close();
            LOG.info("Steadfast engine on {} closed", where);
        }
    }

    @Override
    public boolean isRunning() {
        return engine != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private WorkflowEngine open() {
        WorkflowEngine e = engine;
        if (e == null) {
            throw new IllegalStateException(
                    "The Steadfast engine on " + where + " is not open: it opens when the"
                            + " application context starts and closes when it stops. Use it from request handlers,"
                            + " ApplicationRunner beans or @EventListener(ApplicationReadyEvent.class), not from a constructor.");
        }
        return e;
    }

    @Override
    public <I, O> WorkflowHandle<O> start(Class<? extends Workflow<I, O>> workflow, String workflowId, I input) {
        return open().start(workflow, workflowId, input);
    }

    @Override
    public WorkflowHandle<Object> start(String workflowType, String workflowId, Object input) {
        return open().start(workflowType, workflowId, input);
    }

    @Override
    public <O> WorkflowHandle<AgentResult<O>> start(Agent<?, O> agent, String workflowId, String prompt) {
        return open().start(agent, workflowId, prompt);
    }

    @Override
    public <O> WorkflowHandle<O> handle(String workflowId, Class<O> resultType) {
        return open().handle(workflowId, resultType);
    }

    @Override
    public void signal(String workflowId, String signalName, Object payload) {
        open().signal(workflowId, signalName, payload);
    }

    @Override
    public void cancel(String workflowId) {
        open().cancel(workflowId);
    }

    @Override
    public void decide(String workflowId, String toolCallId, ApprovalDecision decision) {
        open().decide(workflowId, toolCallId, decision);
    }

    @Override
    public void approve(String workflowId, String toolCallId) {
        open().approve(workflowId, toolCallId);
    }

    @Override
    public void deny(String workflowId, String toolCallId, String reason) {
        open().deny(workflowId, toolCallId, reason);
    }

    @Override
    public void complete(String workflowId, String toolCallId, Object result) {
        open().complete(workflowId, toolCallId, result);
    }

    @Override
    public RunInfo describe(String workflowId) {
        return open().describe(workflowId);
    }

    @Override
    public List<RunInfo> list(RunQuery query) {
        return open().list(query);
    }

    @Override
    public List<StepRecord> history(String workflowId) {
        return open().history(workflowId);
    }

    @Override
    public WorkflowHandle<Object> fork(String workflowId, int fromSeq, String newWorkflowId) {
        return open().fork(workflowId, fromSeq, newWorkflowId);
    }

    @Override
    public ReplayReport checkReplay(RunQuery query) {
        return open().checkReplay(query);
    }

    @Override
    public EventStream<RunEvent> events(String workflowId, StreamCursor from) {
        return open().events(workflowId, from);
    }

    @Override
    public Schedules schedules() {
        return open().schedules();
    }

    /** Closing is the context's: the engine closes when the context stops. Spring calls this on shutdown too. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "ManagedEngine[" + where + (engine == null ? ", not open]" : ", open]");
    }
}
