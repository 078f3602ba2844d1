package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.AgentResult;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.WorkflowHandle;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real worker crashes on Temporal: Temporal's standalone test server runs in one child JVM, {@link CrashWorker}s
 * in others, and this process is a client-only engine. A worker is SIGKILLed inside a step (the step is held
 * until the kill) and a new worker started: the run completes with the output of an uncrashed run (on its own
 * task queue and worker, meanwhile), no step that Temporal's history had recorded at the kill ran again, and
 * every other repeat is one Temporal's history accounts for. Once for a {@code ctx.step} workflow (local
 * activities, killed inside a workflow task) and once for a durable agent (model and tool activities, killed
 * while two tool calls run).
 *
 * <p>Nothing here assumes the machine is fast: on a busy one a step may finish in the worker and still not be
 * recorded (its workflow task timed out, or the kill came first), and Temporal then runs it again. That is the
 * engines' promise, and what is asserted: a recorded step never runs again, an unrecorded one may.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TemporalWorkerCrashIT {
    private static final List<String> WORKFLOW_STEPS = List.of("s1", "s2", "s3", "s4", "s5");
    private static final List<String> AGENT_STEPS =
            List.of("model-0", "search-c1", "model-1", "search-c2", "search-c3", "model-2");
    private static final List<String> SCOUT_B = List.of("b/model-0", "search-s-b", "b/model-1");
    private static final List<String> SCOUT_C = List.of("c/model-0", "search-s-c", "c/model-1");
    private static final Duration RESULT_WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private static Process server;
    private static int port;
    private static WorkflowServiceStubs stubs;
    /** The test's own view of the server, for the raw histories. */
    private static WorkflowClient temporal;

    private final List<Process> children = new ArrayList<>();

    /** What was known when a worker died: the side effects so far and the steps the run's history had recorded. */
    private record Kill(List<String> effects, Set<String> recorded) {}

    @BeforeAll
    static void startServer() throws Exception {
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = java("server", TestServer.class.getName(), String.valueOf(port));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                break;
            } catch (IOException notYet) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("test server did not listen on " + port + ": " + tail("server"));
                }
                Thread.sleep(100);
            }
        }
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port)
                .build());
        temporal = WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                        .setDataConverter(TemporalEngine.dataConverter())
                        .build());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (stubs != null) {
            stubs.shutdownNow();
        }
        if (server != null) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void killWorkers() throws Exception {
        for (Process p : children) {
            p.destroyForcibly();
        }
        for (Process p : children) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStepWorkflowKilledMidStepResumesOnANewWorkerRunningOnlyTheStepInFlight() throws Exception {
        // The workflow's workers keep the sticky hand-off on (1 s): a run killed inside a workflow task is
        // rescheduled on the normal queue when the task times out, also on the test server.
        Path ref = Files.createDirectories(dir.resolve("wf-ref"));
        Path crash = Files.createDirectories(dir.resolve("wf-crash"));
        String refQueue = "wf-ref-" + UUID.randomUUID();
        String crashQueue = "wf-crash-" + UUID.randomUUID();
        try (WorkflowEngine refClient = client(refQueue, ref);
                WorkflowEngine crashClient = client(crashQueue, crash)) {
            worker("wf-ref-worker", refQueue, ref, Duration.ofSeconds(1));
            Process first = worker("wf-worker-1", crashQueue, crash, Duration.ofSeconds(1));
            Files.createFile(CrashWorker.hold(crash, "s3"));
            WorkflowHandle<String> reference = refClient.start(CrashWorker.FiveSteps.class, "wf-ref", "x");
            WorkflowHandle<String> crashed = crashClient.start(CrashWorker.FiveSteps.class, "wf-crash", "x");

            Kill kill = killDuring(first, () -> recorded(crashClient.history("wf-crash"), WORKFLOW_STEPS), crash, "s3");
            long killedAt = System.nanoTime();
            worker("wf-worker-2", crashQueue, crash, Duration.ofSeconds(1));

            String expected = withLogs(() -> reference.result(RESULT_WAIT));
            String resumed = withLogs(() -> crashed.result(RESULT_WAIT));
            System.out.println(
                    "TemporalWorkerCrashIT: step workflow resumed " + millisSince(killedAt) + " ms after the kill");

            assertThat(expected).isEqualTo("x|s1:1|s2:6|s3:11|s4:17|s5:23");
            assertThat(resumed).isEqualTo(expected);
            assertThat(refClient.history("wf-ref")).extracting(StepRecord::name).isEqualTo(WORKFLOW_STEPS);
            assertThat(crashClient.history("wf-crash"))
                    .extracting(StepRecord::name)
                    .isEqualTo(WORKFLOW_STEPS);
            // A step starts only once the one before it is recorded (its checkpoint): s3 held means s1, s2 recorded.
            assertThat(kill.recorded())
                    .as("recorded at the kill, effects %s", kill.effects())
                    .containsExactly("s1", "s2");
            assertNoRecordedStepRanAfter(kill, "s3", lines(crash.resolve(CrashWorker.EFFECTS)), WORKFLOW_STEPS);
            assertRepeatsAtMost(lostWorkflowTasks("wf-ref"), lines(ref.resolve(CrashWorker.EFFECTS)), WORKFLOW_STEPS);
            assertRepeatsAtMost(
                    lostWorkflowTasks("wf-crash"), lines(crash.resolve(CrashWorker.EFFECTS)), WORKFLOW_STEPS);
        }
    }

    @Test
    void anAgentKilledDuringToolCallsResumesOnANewWorkerRunningOnlyTheCallsInFlight() throws Exception {
        // Agent steps are activities: while they run the workflow is idle, and the standalone test server never
        // times out an idle run's sticky queue, so a workflow task scheduled there after the kill would wait for
        // the dead worker forever. These workers turn the sticky hand-off off (stickyQueueTimeout ZERO).
        Path ref = Files.createDirectories(dir.resolve("agent-ref"));
        Path crash = Files.createDirectories(dir.resolve("agent-crash"));
        String refQueue = "agent-ref-" + UUID.randomUUID();
        String crashQueue = "agent-crash-" + UUID.randomUUID();
        try (WorkflowEngine refClient = client(refQueue, ref);
                WorkflowEngine crashClient = client(crashQueue, crash)) {
            worker("agent-ref-worker", refQueue, ref, Duration.ZERO);
            Process first = worker("agent-worker-1", crashQueue, crash, Duration.ZERO);
            Files.createFile(CrashWorker.hold(crash, "search-c2"));
            var agent = CrashWorker.agent(ref);
            WorkflowHandle<AgentResult<CrashWorker.Summary>> reference =
                    refClient.start(agent, "agent-ref", CrashWorker.PROMPT);
            WorkflowHandle<AgentResult<CrashWorker.Summary>> crashed =
                    crashClient.start(agent, "agent-crash", CrashWorker.PROMPT);

            Kill kill = killDuring(
                    first, () -> recorded(crashClient.history("agent-crash"), AGENT_STEPS), crash, "search-c2");
            long killedAt = System.nanoTime();
            worker("agent-worker-2", crashQueue, crash, Duration.ZERO);

            AgentResult<CrashWorker.Summary> expected = withLogs(() -> reference.result(RESULT_WAIT));
            AgentResult<CrashWorker.Summary> resumed = withLogs(() -> crashed.result(RESULT_WAIT));
            System.out.println("TemporalWorkerCrashIT: agent resumed " + millisSince(killedAt) + " ms after the kill");

            assertThat(expected.output())
                    .isEqualTo(new CrashWorker.Summary(List.of("result-a", "result-b", "result-c")));
            assertThat(resumed.output()).isEqualTo(expected.output());
            List<String> names = List.of(
                    "crasher.model",
                    "crasher.tool.search",
                    "crasher.model",
                    "crasher.tool.search",
                    "crasher.tool.search",
                    "crasher.model");
            assertThat(refClient.history("agent-ref"))
                    .extracting(StepRecord::name)
                    .isEqualTo(names);
            assertThat(crashClient.history("agent-crash"))
                    .extracting(StepRecord::name)
                    .isEqualTo(names);
            // search-c2 was scheduled with the answer of model-1, and search-c3 runs beside it.
            assertThat(kill.recorded())
                    .as("recorded at the kill, effects %s", kill.effects())
                    .containsAll(List.of("model-0", "search-c1", "model-1"))
                    .doesNotContain("search-c2", "model-2");
            assertNoRecordedStepRanAfter(kill, "search-c2", lines(crash.resolve(CrashWorker.EFFECTS)), AGENT_STEPS);
            assertStartsWithinAttempts(refClient.history("agent-ref"), lines(ref.resolve(CrashWorker.EFFECTS)));
            assertStartsWithinAttempts(crashClient.history("agent-crash"), lines(crash.resolve(CrashWorker.EFFECTS)));
            // The model saw the conversations of the uncrashed run (a model step repeated by Temporal sees its own
            // again).
            assertThat(new HashSet<>(lines(crash.resolve(CrashWorker.CONVERSATIONS))))
                    .isEqualTo(new HashSet<>(lines(ref.resolve(CrashWorker.CONVERSATIONS))));
        }
    }

    @Test
    void childRunsKilledMidStepResumeOnANewWorkerWithoutRepeatingARecordedStepOfParentOrChildren() throws Exception {
        // Children are workflows of their own on the run's queue; their agent steps are activities (sticky hand-off
        // off).
        Path ref = Files.createDirectories(dir.resolve("team-ref"));
        Path crash = Files.createDirectories(dir.resolve("team-crash"));
        String refQueue = "team-ref-" + UUID.randomUUID();
        String crashQueue = "team-crash-" + UUID.randomUUID();
        try (WorkflowEngine refClient = client(refQueue, ref);
                WorkflowEngine crashClient = client(crashQueue, crash)) {
            worker("team-ref-worker", refQueue, ref, Duration.ZERO);
            Process first = worker("team-worker-1", crashQueue, crash, Duration.ZERO);
            Files.createFile(CrashWorker.hold(crash, "search-s-b"));
            WorkflowHandle<String> reference = refClient.start(CrashWorker.Team.class, "team-ref", "x");
            WorkflowHandle<String> crashed = crashClient.start(CrashWorker.Team.class, "team-crash", "x");

            Kill kill = killDuring(
                    first,
                    () -> {
                        Set<String> recorded =
                                new LinkedHashSet<>(recorded(crashClient.history("team-crash.c1"), SCOUT_B));
                        recorded.addAll(recorded(crashClient.history("team-crash.c2"), SCOUT_C));
                        return recorded;
                    },
                    crash,
                    "search-s-b");
            worker("team-worker-2", crashQueue, crash, Duration.ZERO);

            String expected = withLogs(() -> reference.result(RESULT_WAIT));
            String resumed = withLogs(() -> crashed.result(RESULT_WAIT));

            assertThat(expected).isEqualTo("b: result-b | c: result-c");
            assertThat(resumed).isEqualTo(expected);
            assertThat(crashClient.describe("team-crash").childIds()).containsExactly("team-crash.c1", "team-crash.c2");
            assertThat(crashClient.history("team-crash"))
                    .extracting(StepRecord::kind)
                    .containsExactly(StepKind.CHILD, StepKind.CHILD);
            // each child was started once, whatever the parent replayed
            assertThat(temporal.fetchHistory("team-crash").getEvents().stream()
                            .filter(e ->
                                    e.getEventType() == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED))
                    .hasSize(2);
            assertThat(kill.recorded())
                    .as("recorded at the kill, effects %s", kill.effects())
                    .contains("b/model-0")
                    .doesNotContain("search-s-b", "b/model-1");
            List<String> steps = new ArrayList<>(SCOUT_B);
            steps.addAll(SCOUT_C);
            assertNoRecordedStepRanAfter(kill, "search-s-b", lines(crash.resolve(CrashWorker.EFFECTS)), steps);
        }
    }

    /**
     * Waits until the held {@code step} started on {@code worker}, SIGKILLs the worker, and reads what was done and
     * recorded at that moment (nothing changes until the next worker starts); then lets the step go for that worker.
     */
    private static Kill killDuring(Process worker, Callable<Set<String>> recorded, Path logDir, String step)
            throws Exception {
        Path effects = logDir.resolve(CrashWorker.EFFECTS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!lines(effects).contains("start " + step)) {
            if (!worker.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("step " + step + " never started; effects " + lines(effects) + allTails());
            }
            Thread.sleep(10);
        }
        worker.destroyForcibly(); // SIGKILL: no shutdown hooks, no goodbye to the server
        assertThat(worker.waitFor(10, TimeUnit.SECONDS)).as("worker died").isTrue();
        var kill = new Kill(lines(effects), recorded.call());
        Files.delete(CrashWorker.hold(logDir, step));
        return kill;
    }

    /** The steps a history records as completed; the n-th step of {@code steps} is the history's seq n. */
    private static Set<String> recorded(List<StepRecord> history, List<String> steps) {
        Set<String> out = new LinkedHashSet<>();
        for (StepRecord r : history) {
            if (r.status() == StepStatus.COMPLETED) {
                out.add(steps.get(r.seq() - 1));
            }
        }
        return out;
    }

    /**
     * The promise at a kill: a step the history had recorded never started again; the step held in flight did, as
     * did every step that had not started; and in the end each step finished.
     */
    private static void assertNoRecordedStepRanAfter(Kill kill, String held, List<String> effects, List<String> steps) {
        for (String step : steps) {
            long before = count(kill.effects(), "start " + step);
            long after = count(effects, "start " + step) - before;
            if (kill.recorded().contains(step)) {
                assertThat(after)
                        .as(
                                "starts of %s after the kill, recorded at the kill; effects at the kill %s, in the"
                                        + " end %s",
                                step, kill.effects(), effects)
                        .isZero();
            } else if (before == 0 || step.equals(held)) {
                assertThat(after)
                        .as(
                                "starts of %s after the kill, unrecorded and %s at the kill; effects in the end %s",
                                step, before == 0 ? "not started" : "held", effects)
                        .isPositive();
            }
            assertThat(count(effects, "done " + step))
                    .as("ends of %s in %s", step, effects)
                    .isPositive();
        }
    }

    /**
     * Each step ran to its end, and ran more than once only when Temporal lost what it did: {@code lost} workflow
     * tasks, each of which runs at most one step (a step's checkpoint ends its task), so at most that many repeats.
     */
    private static void assertRepeatsAtMost(long lost, List<String> effects, List<String> steps) {
        long repeats = 0;
        for (String step : steps) {
            assertThat(count(effects, "done " + step))
                    .as("ends of %s in %s", step, effects)
                    .isPositive();
            repeats += count(effects, "start " + step) - 1;
        }
        assertThat(repeats)
                .as("steps started again, with %d workflow tasks lost, in %s", lost, effects)
                .isLessThanOrEqualTo(lost);
    }

    /** Temporal dispatches an activity once per attempt, and retries one only when it saw the attempt fail or time out. */
    private static void assertStartsWithinAttempts(List<StepRecord> history, List<String> effects) {
        for (StepRecord r : history) {
            String step = AGENT_STEPS.get(r.seq() - 1);
            assertThat(count(effects, "start " + step))
                    .as("starts of %s (%d attempts in the history) in %s", step, r.attempts(), effects)
                    .isBetween(1L, (long) r.attempts());
        }
    }

    /**
     * Workflow tasks a worker took that Temporal's history records as timed out (a dead or starved worker) or
     * failed: what such a task did, such as running a local activity, is lost and done again.
     */
    private static long lostWorkflowTasks(String workflowId) {
        List<HistoryEvent> events = temporal.fetchHistory(workflowId).getEvents();
        return events.stream()
                .filter(e -> switch (e.getEventType()) {
                    case EVENT_TYPE_WORKFLOW_TASK_FAILED -> true;
                    case EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT ->
                        e.getWorkflowTaskTimedOutEventAttributes().getTimeoutType()
                                == TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE;
                    default -> false;
                })
                .count();
    }

    private static long count(List<String> lines, String line) {
        return lines.stream().filter(line::equals).count();
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /** A client-only engine on the test server (the workflow-task timeout is a start option, so it is set here). */
    private static WorkflowEngine client(String taskQueue, Path logDir) {
        return TemporalEngine.builder()
                .target("127.0.0.1:" + port)
                .taskQueue(taskQueue)
                .workflowTaskTimeout(CrashWorker.WORKFLOW_TASK_TIMEOUT)
                .register(new CrashWorker.FiveSteps(logDir))
                .register(CrashWorker.agent(logDir))
                .register(new CrashWorker.Team(logDir))
                .register(CrashWorker.scout(logDir))
                .worker(false)
                .build();
    }

    private Process worker(String name, String taskQueue, Path logDir, Duration stickyTimeout) throws IOException {
        Process p = java(
                name,
                CrashWorker.class.getName(),
                String.valueOf(port),
                taskQueue,
                logDir.toString(),
                String.valueOf(stickyTimeout.toMillis()));
        children.add(p);
        return p;
    }

    /** A child JVM on this JVM's binary and class path, its output in {@code <name>.log}. */
    private static Process java(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve(name + ".log").toFile()))
                .start();
    }

    private static <T> T withLogs(Callable<T> wait) throws Exception {
        try {
            return wait.call();
        } catch (Exception | AssertionError e) {
            throw new AssertionError(e + allTails(), e);
        }
    }

    private static String allTails() {
        var out = new StringBuilder();
        try (var logs = Files.list(dir)) {
            for (Path p :
                    logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                out.append(tail(p.getFileName().toString().replace(".log", "")));
            }
        } catch (IOException e) {
            out.append("\n(logs unreadable: ").append(e).append(')');
        }
        return out.toString();
    }

    private static String tail(String name) {
        try {
            List<String> all = lines(dir.resolve(name + ".log"));
            return "\n--- " + name + ".log (tail)\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException e) {
            return "\n--- " + name + ".log unreadable: " + e;
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
