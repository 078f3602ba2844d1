package dev.steadfast.temporal;

import static java.util.Objects.requireNonNull;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentDeps;
import dev.steadfast.error.PayloadTooLargeException;
import dev.steadfast.message.Messages;
import dev.steadfast.temporal.internal.AgentActivities;
import dev.steadfast.temporal.internal.StepBodies;
import dev.steadfast.temporal.internal.TemporalWorkflowEngine;
import dev.steadfast.temporal.internal.Tls;
import dev.steadfast.temporal.internal.WorkerSettings;
import dev.steadfast.workflow.AgentWorkflow;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The portable workflow API on a Temporal cluster or Temporal Cloud: the same {@link Workflow}
 * classes that run on the embedded engine run here unchanged. Each registered workflow becomes a
 * Temporal workflow type of the same name; {@code ctx.step} runs as a local activity, agent model
 * and tool calls as activities named {@code <agent>.model} and {@code <agent>.tool.<tool>}, waits
 * as timers and signals, so Temporal's own UI shows every step by name.
 *
 * <pre>{@code
 * try (WorkflowEngine engine = TemporalEngine.builder()
 *         .target("localhost:7233").namespace("default")      // or .client(workflowClient)
 *         .taskQueue("research")
 *         .register(new ApprovalWorkflow())
 *         .build()) {
 *     WorkflowHandle<Outcome> h = engine.start(ApprovalWorkflow.class, "req-42", request);
 *     engine.signal("req-42", "approval", new Approval(true, "ok"));
 *     Outcome o = h.result(Duration.ofMinutes(5));
 * }
 * }</pre>
 *
 * <p>A client that is not built here should use {@link #dataConverter()}, so payloads are written
 * with Steadfast's JSON settings (records, {@code java.time}, unknown fields ignored).
 */
public final class TemporalEngine {
    private TemporalEngine() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Temporal's JSON converter with Steadfast's {@code ObjectMapper} ({@link Messages#mapper()}). */
    public static DataConverter dataConverter() {
        return DefaultDataConverter.newDefaultInstance()
                .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(Messages.mapper()));
    }

    /** Builds a Temporal-backed {@link WorkflowEngine}. */
    public static final class Builder {
        private WorkflowClient client;
        private String target;
        private String namespace = "default";
        private boolean tls;
        private String apiKey;
        private String taskQueue = "steadfast";
        private boolean worker = true;
        private Duration workflowTaskTimeout = Duration.ofSeconds(10);
        private Duration stickyTimeout = Duration.ofSeconds(5);
        private long maxPayloadBytes = 2 * 1024 * 1024;
        private long inlineConversationBytes = 8 * 1024;
        private Duration heartbeatTimeout = Duration.ofSeconds(10);
        private long historyEvents = 51_200;
        private long historyBytes = 50L << 20;
        private long continueAfterEvents = 10_000;
        private long continueAfterBytes = 10L << 20;
        private boolean searchAttributes;
        private WorkerOptions workerOptions = WorkerOptions.getDefaultInstance();
        private WorkerFactoryOptions factoryOptions = WorkerFactoryOptions.getDefaultInstance();
        private List<PayloadCodec> codecs = List.of();
        private Path clientCert;
        private Path clientKey;
        private Path caCertificates;
        private String actor;
        private final Map<String, Workflow<?, ?>> workflows = new LinkedHashMap<>();
        private final Map<String, AgentActivities.Registered> agents = new LinkedHashMap<>();

        private Builder() {}

        /** An existing client (build it with {@link TemporalEngine#dataConverter()}). Either this or {@link #target}. */
        public Builder client(WorkflowClient v) {
            client = requireNonNull(v, "client");
            return this;
        }

        /** The Temporal frontend to connect to, {@code host:port} (Temporal Cloud: {@code <ns>.<account>.tmprl.cloud:7233}). */
        public Builder target(String v) {
            target = requireNonNull(v, "target");
            return this;
        }

        /** The namespace, with {@link #target}. Default {@code default}. */
        public Builder namespace(String v) {
            namespace = requireNonNull(v, "namespace");
            return this;
        }

        /** Connect with TLS (server-verified, the JVM's trust store), with {@link #target}. Default off. */
        public Builder tls(boolean v) {
            tls = v;
            return this;
        }

        /** A Temporal Cloud API key, sent as a bearer token over TLS, with {@link #target}. Default none. */
        public Builder apiKey(String v) {
            apiKey = requireNonNull(v, "apiKey");
            tls = true;
            return this;
        }

        /**
         * Connect with mutual TLS: the client certificate chain and its PKCS#8 private key, PEM files (Temporal
         * Cloud's mTLS, or a self-hosted server that asks for client certificates), with {@link #target}. Implies
         * {@link #tls}.
         */
        public Builder mtls(Path certificateChain, Path privateKey) {
            clientCert = requireNonNull(certificateChain, "certificateChain");
            clientKey = requireNonNull(privateKey, "privateKey");
            tls = true;
            return this;
        }

        /**
         * Check the server's certificate against the CA certificates in this PEM file instead of the JVM's trust store
         * (a self-hosted server with a private CA), with {@link #target}. Implies {@link #tls}.
         */
        public Builder caCertificates(Path pem) {
            caCertificates = requireNonNull(pem, "pem");
            tls = true;
            return this;
        }

        /**
         * Codecs that encode every payload before it leaves the process (encryption, compression), outermost last,
         * with {@link #target}. Every engine, CLI and console that reads these runs needs the same codecs. With
         * {@link #client}, put them in that client's data converter ({@code CodecDataConverter}) instead.
         */
        public Builder payloadCodecs(PayloadCodec... v) {
            codecs = List.of(v);
            return this;
        }

        /**
         * Options of this engine's workers (pollers, concurrent tasks and activities, rate limits). Every worker of
         * the engine takes them: the task queue's, the engine's own queue's and each registered agent's.
         * {@link #stickyQueueTimeout} overrides theirs. Default: Temporal's.
         */
        public Builder workerOptions(WorkerOptions v) {
            workerOptions = requireNonNull(v, "workerOptions");
            return this;
        }

        /** Options of this engine's worker factory (workflow cache size, worker interceptors). Default: Temporal's. */
        public Builder workerFactoryOptions(WorkerFactoryOptions v) {
            factoryOptions = requireNonNull(v, "workerFactoryOptions");
            return this;
        }

        /** The task queue runs are started on and the worker polls. Default {@code steadfast}. */
        public Builder taskQueue(String v) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("taskQueue must not be blank but was '" + v + "'");
            }
            taskQueue = v;
            return this;
        }

        /** Workflows this engine starts and (with a worker) runs, by {@link Workflow#name()}. */
        public Builder register(Workflow<?, ?>... v) {
            for (Workflow<?, ?> w : v) {
                Workflow<?, ?> old = workflows.putIfAbsent(w.name(), w);
                // the same instance registered twice is harmless; two instances clash
                @SuppressWarnings("ReferenceEquality")
                boolean clash = old != null && old != w;
                if (clash) {
                    throw new IllegalArgumentException("Two workflows are named '" + w.name() + "': "
                            + old.getClass().getName() + " and " + w.getClass().getName() + "; override name() in one");
                }
            }
            return this;
        }

        /**
         * Agents this engine starts (as workflows named after them, like {@code AgentWorkflow}) and whose
         * {@code <agent>.model} and {@code <agent>.tool.<tool>} activities its worker runs by name, for runs
         * started anywhere, on a queue of the agent's own that only workers which registered it poll. An agent
         * whose tools take deps needs {@link #register(Agent, AgentDeps)} for that; registered here, its calls
         * run in the worker that runs its run's code, with the deps that code passed to {@code agent.run}. An
         * agent delegated to (a delegate tool, {@code ctx.run}, {@code ctx.start}) runs as a child workflow of its
         * own, which any worker of the task queue may take: register it on every worker.
         */
        public Builder register(Agent<?, ?>... v) {
            for (Agent<?, ?> a : v) {
                register(a, null);
            }
            return this;
        }

        /** An agent as {@link #register(Agent[])}, whose tools get their deps from {@code deps} on the worker. */
        public <D> Builder register(Agent<D, ?> agent, AgentDeps<D> deps) {
            requireNonNull(agent, "agent");
            AgentActivities.Registered old = agents.get(agent.name());
            if (old != null && old.agent() != agent) {
                throw new IllegalArgumentException("Two agents are named '" + agent.name() + "': " + old.agent()
                        + " and " + agent + "; give one another name()");
            }
            if (old == null) {
                register(new AgentWorkflow<>(agent));
            }
            agents.put(agent.name(), new AgentActivities.Registered(agent, deps));
            return this;
        }

        /**
         * The largest payload (a step's input or result, a run's output) the server accepts, in bytes. A bigger
         * one fails its step or run with {@link PayloadTooLargeException} instead of being retried forever.
         * Default 2 MiB, Temporal's default blob size limit.
         */
        public Builder maxPayloadBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxPayloadBytes must be >= 1024 but was " + bytes);
            }
            maxPayloadBytes = bytes;
            return this;
        }

        /**
         * Agent conversations up to this many bytes of JSON travel inside each model activity's input (readable
         * in Temporal's UI, no lookup on the worker); longer ones only by hash, and the worker reads them from
         * its cache or the run's history, so the history grows linearly with the conversation. {@code 0}: always
         * by hash. Default 8 KiB.
         */
        public Builder inlineConversationBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("inlineConversationBytes must be >= 0 but was " + bytes);
            }
            inlineConversationBytes = bytes;
            return this;
        }

        /**
         * How long an agent activity or {@code atMostOnce} step may go without a heartbeat (the worker sends them
         * while the step runs) before Temporal gives up on the worker: a dead worker's tool call is retried
         * elsewhere, and a dead worker's {@code atMostOnce} step ends in {@code StepOutcomeUnknownException},
         * after about this long. Default 10 s.
         */
        public Builder heartbeatTimeout(Duration v) {
            if (v == null || v.compareTo(Duration.ofMillis(500)) < 0) {
                throw new IllegalArgumentException("heartbeatTimeout must be >= 500ms but was " + v);
            }
            heartbeatTimeout = v;
            return this;
        }

        /**
         * The server's limits on one run's history (Temporal terminates a run past them; by default 51,200 events and
         * 50 MiB, {@code limit.historyCount.error} and {@code limit.historySize.error} on a self-hosted server). A
         * run that reaches 80% of either logs a warning once; one that reaches 98% fails before its next step with
         * an error that says so, instead of being terminated by the server with no reason of its own.
         */
        public Builder historyLimits(long events, long bytes) {
            if (events < 100 || bytes < 1024 * 1024) {
                throw new IllegalArgumentException("historyLimits must be >= 100 events and >= 1 MiB but were " + events
                        + " events, " + bytes + " bytes");
            }
            historyEvents = events;
            historyBytes = bytes;
            return this;
        }

        /**
         * When the engine continues a run as new: once the run's current execution has {@code events} events of
         * history, or has added {@code bytes} bytes to it, or the server suggests it (a Temporal server does from
         * about 4K events or 4 MB), at the run's next safe point: before a model request or a {@code ctx.step}, where
         * nothing is in flight. The run's code does not change and sees nothing: the next execution starts with the
         * run's input and carries every journal entry so far, which answer its first steps without running them
         * again (none is re-executed), the ids, times, random seed and {@code patched} answers it handed out, and the
         * signals and answers it has not taken in. {@code describe}, {@code history}, {@code result} and the CLI see
         * one run across the executions. A run whose carried journal would pass half of {@link #maxPayloadBytes}
         * goes on without continuing (a warning says so), until {@link #historyLimits} stop it. A run that never
         * reaches a safe point (one that only waits for signals in a loop) is never continued. Default 10,000
         * events, 10 MiB.
         */
        public Builder continueAsNewAfter(long events, long bytes) {
            if (events < 100 || bytes < 64 * 1024) {
                throw new IllegalArgumentException("continueAsNewAfter must be >= 100 events and >= 64 KiB but was "
                        + events + " events, " + bytes + " bytes");
            }
            continueAfterEvents = events;
            continueAfterBytes = bytes;
            return this;
        }

        /**
         * Give the runs this engine starts Steadfast's search attributes, so Temporal's visibility filters on them:
         * {@code SteadfastAgents} (KeywordList: the agents a run ran), {@code SteadfastStatus} (Keyword: {@code
         * RUNNING} or {@code WAITING} while open) and {@code SteadfastWaitingFor} (KeywordList: the signals,
         * {@code approval:<tool>} and {@code timer} it waits for), kept up to date by the run. {@code list} then asks
         * the server for WAITING or RUNNING runs instead of describing each open run. {@code build()} registers the
         * attributes in the namespace where they are missing (the operator service of a self-hosted server or
         * {@code temporal server start-dev}; on Temporal Cloud add them with {@code tcld} first). A run carries them
         * only if it was started with them, so workers with other settings replay it alike. Default off.
         */
        public Builder searchAttributes(boolean v) {
            searchAttributes = v;
            return this;
        }

        /** Run a worker for the task queue in this process. Default {@code true}; {@code false} for a client-only engine. */
        public Builder worker(boolean v) {
            worker = v;
            return this;
        }

        /**
         * Who steers through this engine (with {@link #target}): the client identity Temporal records with
         * each signal and cancel, shown as who decided ({@code RunInfo.decisions()}). Default: Temporal's own
         * ({@code pid@host}).
         */
        public Builder actor(String v) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("actor must not be blank but was '" + v + "'");
            }
            actor = v.strip();
            return this;
        }

        /**
         * How long Temporal waits for a worker's workflow task before giving it to another worker: about the time a
         * run takes to resume after its worker died. Default 10 s.
         */
        public Builder workflowTaskTimeout(Duration v) {
            if (v == null || v.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("workflowTaskTimeout must be >= 1s but was " + v);
            }
            workflowTaskTimeout = v;
            return this;
        }

        /**
         * How long a run's next workflow task waits for the worker that has the run cached before any worker of
         * the task queue takes it (and replays the history). Default 5 s. {@link Duration#ZERO} turns the cache
         * hand-off off: every workflow task may go to any worker. Temporal's Java test server never gives up on a
         * cached worker that went away, so tests that replace workers use {@code ZERO}.
         */
        public Builder stickyQueueTimeout(Duration v) {
            if (v == null || v.isNegative()) {
                throw new IllegalArgumentException("stickyQueueTimeout must be >= 0 but was " + v);
            }
            stickyTimeout = v;
            return this;
        }

        public WorkflowEngine build() {
            if ((client == null) == (target == null)) {
                throw new IllegalStateException("Set exactly one of client(WorkflowClient) and target(\"host:port\")");
            }
            if (client != null && (!codecs.isEmpty() || clientCert != null || caCertificates != null)) {
                throw new IllegalStateException(
                        "payloadCodecs, mtls and caCertificates apply to the connection made for target(...);"
                                + " with client(...), configure them on that client");
            }
            WorkflowClient c = client;
            Runnable onClose = () -> {};
            if (c == null) {
                var stubOptions = WorkflowServiceStubsOptions.newBuilder()
                        .setTarget(target)
                        .setEnableHttps(tls);
                if (clientCert != null || caCertificates != null) {
                    stubOptions.setSslContext(Tls.context(clientCert, clientKey, caCertificates));
                }
                if (apiKey != null) {
                    String key = apiKey;
                    stubOptions.addApiKey(() -> key);
                }
                WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(stubOptions.build());
                DataConverter converter =
                        codecs.isEmpty() ? dataConverter() : new CodecDataConverter(dataConverter(), codecs);
                var clientOptions = WorkflowClientOptions.newBuilder()
                        .setNamespace(namespace)
                        .setDataConverter(converter);
                if (actor != null) {
                    clientOptions.setIdentity(actor);
                }
                c = WorkflowClient.newInstance(stubs, clientOptions.build());
                onClose = stubs::shutdown;
            }
            // An agent whose tools take deps but that came with no AgentDeps runs its calls where its run's code is,
            // with the deps that code passed: on another worker they would be null.
            var byName = new LinkedHashMap<String, AgentActivities.Registered>();
            agents.forEach((name, r) -> {
                if (r.deps() != null || r.agent().depsType() == Void.class) {
                    byName.put(name, r);
                }
            });
            var settings = new WorkerSettings(
                    taskQueue,
                    c.getOptions().getDataConverter(),
                    maxPayloadBytes,
                    inlineConversationBytes,
                    taskQueue + "@" + java.util.UUID.randomUUID(),
                    heartbeatTimeout,
                    byName.keySet(),
                    new StepBodies(),
                    historyEvents,
                    historyBytes,
                    continueAfterEvents,
                    continueAfterBytes);
            var workers = WorkerOptions.newBuilder(workerOptions)
                    .setStickyQueueScheduleToStartTimeout(stickyTimeout)
                    .build();
            return new TemporalWorkflowEngine(
                    c,
                    settings,
                    workflows,
                    byName,
                    worker ? workers : null,
                    factoryOptions,
                    workflowTaskTimeout,
                    searchAttributes,
                    onClose);
        }
    }
}
